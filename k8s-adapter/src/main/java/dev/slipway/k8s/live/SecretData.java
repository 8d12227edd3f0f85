package dev.slipway.k8s.live;

import com.google.gson.JsonObject;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.TargetFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fills a rendered Secret with its values at apply time, from where the script says each comes
 * from on the deploying machine. The rendering (and so the release record) holds placeholders
 * only: values go to the API server and nowhere else.
 */
final class SecretData {

  private final Map<String, Service> services;
  private final SecretValues values;

  SecretData(Map<String, Service> services, SecretValues values) {
    this.services = services;
    this.values = values;
  }

  /** The body to send: {@code manifest}'s, with {@code data} filled in for a service's Secret. */
  JsonObject bodyOf(Manifest manifest) {
    if (manifest.kind() != ResourceKind.SECRET || manifest.service().isEmpty() || !services.containsKey(manifest.service().get())) {
      return manifest.body();
    }
    Service service = services.get(manifest.service().get());
    JsonObject body = manifest.body().deepCopy();
    body.remove("stringData");
    JsonObject data = new JsonObject();
    for (SecretRef secret : service.secrets()) {
      data.addProperty(secret.name(), Base64.getEncoder().encodeToString(valueOf(service, secret).getBytes(StandardCharsets.UTF_8)));
    }
    body.add("data", data);
    return body;
  }

  /** Whether the live Secret already holds exactly these values. */
  static boolean sameData(JsonObject body, JsonObject live) {
    Optional<JsonObject> wanted = ClusterApi.object(body, "data");
    Optional<JsonObject> has = ClusterApi.object(live, "data");
    return wanted.equals(has) || wanted.isEmpty() && has.map(JsonObject::isEmpty).orElse(true);
  }

  /**
   * Every value {@code deployed} needs is there: checked before anything is built or applied. Only
   * the Secrets of services a deploy applies are sent, so the others' values may be elsewhere.
   */
  void check(Set<String> deployed) {
    services.values().stream().filter(service -> deployed.contains(service.name()))
        .forEach(service -> service.secrets().forEach(secret -> valueOf(service, secret)));
  }

  private String valueOf(Service service, SecretRef secret) {
    return values.valueOf(secret).orElseThrow(() -> new TargetFailure(
        "secret '" + secret.name() + "' of service '" + service.name() + "' has no value on this machine: set it from "
            + secret.describeSource() + " (" + secret.location() + ")", false));
  }
}
