/**
 * Turns one resolved environment into Kubernetes manifests, built with client-java's typed models
 * and written as YAML, one object per file. Pure functions of their input: no cluster, files or
 * environment are read, so the same request always gives the same bytes.
 */
package dev.slipway.k8s.render;
