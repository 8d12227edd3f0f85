/**
 * Turns one resolved environment into Kubernetes manifests, built with client-java's typed models
 * and written as YAML, one object per file. Functions of their input: no cluster or environment
 * variable is read, and the only files read are the project files the script puts into
 * containers ({@link dev.slipway.k8s.render.ProjectFiles}), whose content the manifests carry; so
 * the same request and the same files always give the same bytes. A release that changes some
 * services only is made from recorded renderings the same way ({@link
 * dev.slipway.k8s.render.ServiceSplice}, {@link dev.slipway.k8s.render.ReplicaScale}).
 */
package dev.slipway.k8s.render;
