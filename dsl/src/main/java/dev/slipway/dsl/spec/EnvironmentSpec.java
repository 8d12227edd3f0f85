package dev.slipway.dsl.spec;

import dev.slipway.core.model.TargetSpec;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

/** Inside one environment, e.g. {@code prod { ... }}. */
public interface EnvironmentSpec {

  /**
   * Where the environment deploys: {@code target <type>(<settings>)}, the type being any installed
   * target ({@code compose}, {@code kubernetes}, or one added on the class path).
   */
  @Usage("target compose()  or  target kubernetes(namespace: 'shop')")
  void target(TargetSpec target);

  @Usage("service('api') { replicas 3 }")
  void service(String name, @DelegatesTo(value = ServiceSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);
}
