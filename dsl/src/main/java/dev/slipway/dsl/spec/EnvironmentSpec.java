package dev.slipway.dsl.spec;

import dev.slipway.core.model.TargetSpec;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import java.util.Map;

/** Inside one environment, e.g. {@code prod { ... }}. */
public interface EnvironmentSpec {

  @Usage("target compose()  or  target kubernetes(namespace: 'shop')")
  void target(TargetSpec target);

  @Usage("compose()")
  TargetSpec compose();

  @Usage("compose(bind: '0.0.0.0')")
  TargetSpec compose(Map<String, ?> settings);

  @Usage("kubernetes(context: 'prod', namespace: 'shop')")
  TargetSpec kubernetes(Map<String, ?> settings);

  @Usage("kubernetes()")
  TargetSpec kubernetes();

  @Usage("service('api') { replicas 3 }")
  void service(String name, @DelegatesTo(value = ServiceSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);
}
