package dev.slipway.dsl.spec;

import java.util.Map;

/** Inside {@code stage('name') { ... }}: what the stage does. */
public interface StageSpec {

  @Usage("buildImages()")
  void buildImages();

  @Usage("runTests()")
  void runTests();

  @Usage("deploy()")
  void deploy();

  /**
   * A command run once in a service's image, with its env, secrets and volumes, before the stage
   * goes on; a non-zero exit fails the stage. Options: {@code service}, {@code command} (both
   * required), {@code timeout} (seconds; default: the service's health timeout).
   */
  @Usage("run service: 'api', command: 'python manage.py migrate'  or  ..., timeout: 600")
  void run(Map<String, ?> options);
}
