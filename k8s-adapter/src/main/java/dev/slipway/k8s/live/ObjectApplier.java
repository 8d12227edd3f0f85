package dev.slipway.k8s.live;

import com.google.gson.JsonObject;
import dev.slipway.core.target.TargetFailure;
import java.util.Optional;

/**
 * Server-side apply of one object, skipped when the live object was applied from the same
 * rendered text: an unchanged release sends no write at all, where {@code kubectl apply
 * --server-side} sends a PATCH per object. The limit: an edit made by hand to an object whose
 * rendering did not change is not undone (a changed rendering takes the fields back; {@code
 * slipway diff} shows such edits).
 */
final class ObjectApplier {

  private final ClusterApi api;
  private final SecretData secrets;
  private final boolean forceConflicts;

  ObjectApplier(ClusterApi api, SecretData secrets, boolean forceConflicts) {
    this.api = api;
    this.secrets = secrets;
    this.forceConflicts = forceConflicts;
  }

  /** @return whether a write was sent */
  boolean apply(Manifest manifest) {
    JsonObject body = secrets.bodyOf(manifest);
    Optional<JsonObject> live = api.get(manifest.kind(), manifest.namespace(), manifest.name());
    if (live.isPresent() && manifest.appliedFrom(live.get()) && (manifest.kind() != ResourceKind.SECRET || SecretData.sameData(body, live.get()))) {
      return false;
    }
    try {
      api.apply(manifest.kind(), manifest.namespace(), manifest.name(), body, forceConflicts, false);
      return true;
    } catch (ClusterApi.Conflict conflict) {
      throw new TargetFailure(conflict.object() + ": fields owned by another field manager: " + String.join("; ", conflict.fields())
          + " — rerun with --force-conflicts to take them over (their values are then Slipway's)", false);
    }
  }
}
