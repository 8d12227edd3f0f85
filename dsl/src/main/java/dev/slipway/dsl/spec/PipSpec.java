package dev.slipway.dsl.spec;

/** Inside {@code pip { ... }}: where the build's pip looks for distributions. */
public interface PipSpec {

  @Usage("findLinks 'wheels'")
  void findLinks(String... locations);

  @Usage("indexUrl 'https://pypi.internal/simple'")
  void indexUrl(String url);

  @Usage("noIndex()")
  void noIndex();
}
