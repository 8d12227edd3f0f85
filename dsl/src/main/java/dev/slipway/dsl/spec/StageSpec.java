package dev.slipway.dsl.spec;

/** Inside {@code stage('name') { ... }}: what the stage does. */
public interface StageSpec {

  @Usage("buildImages()")
  void buildImages();

  @Usage("runTests()")
  void runTests();

  @Usage("deploy()")
  void deploy();
}
