package dev.slipway.dsl.internal;

import dev.slipway.core.model.PipSettings;
import dev.slipway.dsl.spec.PipSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records a {@code pip { ... }} block. */
public final class PipBacking implements PipSpec {

  private static final String BLOCK = "pip { }";

  private final ScriptContext context;
  private final SingleValues singleValues;
  private final List<String> findLinks = new ArrayList<>();
  private String indexUrl;
  private boolean noIndex;

  PipBacking(ScriptContext context) {
    this.context = context;
    this.singleValues = new SingleValues(context, BLOCK);
  }

  @Override
  public void findLinks(String... locations) {
    if (locations.length == 0) {
      throw context.error(BLOCK + ": findLinks needs a directory or URL, e.g. findLinks 'wheels'");
    }
    for (String location : locations) {
      findLinks.add(context.nonEmpty(location, BLOCK + ": findLinks", "name a wheel directory or URL, e.g. findLinks 'wheels'"));
    }
  }

  @Override
  public void indexUrl(String url) {
    singleValues.given("indexUrl");
    indexUrl =
        context.nonEmpty(
            url, BLOCK + ": indexUrl", "write the index's URL, e.g. indexUrl 'https://pypi.internal/simple', or leave it out for PyPI");
  }

  @Override
  public void noIndex() {
    noIndex = true;
  }

  PipSettings build() {
    return new PipSettings(Optional.ofNullable(indexUrl), findLinks, noIndex);
  }

  public Object methodMissing(String name, Object args) {
    return context.missingMethod(BLOCK, PipSpec.class, name, args);
  }

  public Object propertyMissing(String name) {
    return context.missingProperty(BLOCK, PipSpec.class, name);
  }
}
