package dev.slipway.dsl.spec;

/**
 * Inside {@code environments { ... }}: each entry is an environment named by the method called,
 * {@code dev { ... }} or {@code staging(extends: 'prod') { ... }}, whose body is an
 * {@link EnvironmentSpec}.
 */
public interface EnvironmentsSpec {}
