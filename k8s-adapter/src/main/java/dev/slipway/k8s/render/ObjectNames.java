package dev.slipway.k8s.render;

import dev.slipway.core.model.Service;

/** The names of the objects a service gets besides its own, in one place so that references agree. */
final class ObjectNames {

  private ObjectNames() {}

  static String configMap(Service service) {
    return service.name() + "-env";
  }

  /** The ConfigMap of the service's project files, see {@link ProjectFiles}. */
  static String files(Service service) {
    return service.name() + "-files";
  }

  static String secret(Service service) {
    return service.name() + "-secrets";
  }

  /** The StatefulSet's governing Service, which gives each pod a stable DNS name. */
  static String headlessService(Service service) {
    return service.name() + "-headless";
  }
}
