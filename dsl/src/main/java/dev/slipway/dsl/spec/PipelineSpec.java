package dev.slipway.dsl.spec;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

/** Inside {@code pipeline { ... }}. */
public interface PipelineSpec {

  @Usage("stage('build') { buildImages() }")
  void stage(String name, @DelegatesTo(value = StageSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);
}
