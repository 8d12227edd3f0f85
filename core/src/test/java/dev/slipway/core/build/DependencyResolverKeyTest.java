package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The dependency cache is shared by every project of the user: pins from an index share an entry, local paths never do. */
class DependencyResolverKeyTest {

  @Test
  void namesLocalPaths_linesThatInstallFromTheFileSystem() {
    for (String local : List.of("./libs/shared", "../common", "/opt/wheels/x.whl", "-e .", "--editable ./pkg", "file:///tmp/x.whl",
        "shared @ file:///srv/shared", "~/src/lib")) {
      assertTrue(DependencyResolver.namesLocalPaths("flask==3.0.2\n  " + local + "\n"), local);
    }
  }

  @Test
  void namesLocalPaths_pinsAndUrlsFromAnIndex_areNotLocal() {
    assertFalse(DependencyResolver.namesLocalPaths("flask==3.0.2\ngunicorn>=21\n# pinned by pip-compile\n"));
    assertFalse(DependencyResolver.namesLocalPaths("requests @ https://example.org/requests-2.0.tar.gz\n--index-url https://pypi.org/simple\n"));
  }
}
