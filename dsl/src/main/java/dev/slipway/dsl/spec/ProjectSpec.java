package dev.slipway.dsl.spec;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

/** The top level of {@code deploy.groovy}. */
public interface ProjectSpec {

  @Usage("project 'shop'")
  void project(String name);

  @Usage("registry 'localhost:5000/shop'")
  void registry(String repository);

  /** {@code insecure: true} allows plain HTTP or an unverified certificate for this registry. */
  @Usage("registry 'registry.internal:5000/shop', insecure: true")
  void registry(java.util.Map<String, Object> options, String repository);

  @Usage("pip { findLinks 'wheels'; indexUrl 'https://pypi.internal/simple'; noIndex() }")
  void pip(@DelegatesTo(value = PipSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);

  /**
   * A value given on the command line with {@code --set name=value}, or {@code fallback}; for
   * what differs between machines (a registry, a base image) without editing the script.
   */
  @Usage("setting('registry', 'localhost:5000/shop')")
  String setting(String name, String fallback);

  @Usage("service('api') { ... }")
  void service(String name, @DelegatesTo(value = ServiceSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);

  @Usage("environments { dev { target compose() } }")
  void environments(@DelegatesTo(value = EnvironmentsSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);

  @Usage("pipeline { stage('build') { buildImages() } }")
  void pipeline(@DelegatesTo(value = PipelineSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);
}
