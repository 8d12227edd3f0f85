package dev.slipway.k8s.state;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseJson;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Releases as Secrets in the environment's namespace, one per release: {@code
 * slipway-<project>-<env>-release-<n>}, type {@value #TYPE}, labelled with the project, the
 * environment and the number. A Secret, as Helm keeps its releases: who may read an environment's
 * Secrets is usually a narrower group than who may read its ConfigMaps, and a release describes
 * everything that runs. Each holds the same {@code
 * release.json} a file store writes ({@link ReleaseJson}) and the files the release applied, in
 * their apply order, gzipped into one key: Kubernetes refuses objects over 1 MiB, and manifests
 * shrink about tenfold. Queries only list and read.
 */
public final class SecretReleaseStore implements ReleaseStore {

  /** The type of every release record Secret: what prune and destroy never delete. */
  public static final String TYPE = "slipway.dev/release";
  static final String RECORD = "release.json";
  /** The rendering: a gzipped JSON array of {@code {"path", "content"}} in apply order. */
  static final String RENDERING = "rendering.json.gz";
  /** What the API server accepts of a whole object, less room for the record, labels and metadata. */
  private static final int RENDERING_LIMIT = 1024 * 1024 - 64 * 1024;
  /** Replacing a record whose Secret changed since it was read: read and write again, a few times. */
  private static final int SAVE_ATTEMPTS = 5;

  private final CoreV1Api core;
  private final StateObjects objects;

  public SecretReleaseStore(ApiClient client, String namespace, String project, String environment) {
    this.core = new CoreV1Api(client);
    this.objects = new StateObjects(namespace, project, environment);
  }

  @Override
  public Release start(Optional<String> revision, Map<String, String> images, Rendering rendering) {
    byte[] files = gzip(rendering);
    if (files.length > RENDERING_LIMIT) {
      throw new TargetFailure("release files are too large to record in a Secret (" + files.length / 1024 + " KiB gzipped, at most "
          + RENDERING_LIMIT / 1024 + " KiB): split the environment, or move large configuration out of its manifests", false);
    }
    return create(number -> new Release(number, Instant.now(), revision, images, Release.IN_PROGRESS, "", Optional.of(ProcessId.current())),
        Optional.of(files));
  }

  @Override
  public Release destroyed(String detail) {
    return create(
        number -> new Release(number, Instant.now(), Optional.empty(), Map.of(), Release.DESTROYED, detail, Optional.of(ProcessId.current())),
        Optional.empty());
  }

  /**
   * Creates the Secret of the next release, numbered above every release Secret there is, readable
   * or not. Creation is exclusive: when another deployer took the number first (HTTP 409), the
   * next one is tried, so no two callers ever share a number and nothing is written over.
   */
  private Release create(IntFunction<Release> numbered, Optional<byte[]> files) {
    objects.ensureNamespace(core);
    int number = scan().highest() + 1;
    while (true) {
      Release release = numbered.apply(number);
      Map<String, byte[]> data = new HashMap<>();
      data.put(RECORD, ReleaseJson.write(release));
      files.ifPresent(bytes -> data.put(RENDERING, bytes));
      try {
        core.createNamespacedSecret(objects.namespace(), secret(number, data)).execute();
        return release;
      } catch (ApiException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw ApiFailures.of(core.getApiClient(), "record release " + number + " as " + where(number), e);
        }
        number++;
      }
    }
  }

  private V1Secret secret(int number, Map<String, byte[]> data) {
    V1Secret secret = new V1Secret().metadata(objects.metadata(name(number))).type(TYPE).data(data);
    secret.getMetadata().putLabelsItem(StateObjects.RELEASE, String.valueOf(number));
    return secret;
  }

  /** Replaces the record and keeps the files. */
  @Override
  public void save(Release release) {
    int number = release.number();
    for (int attempt = 1; ; attempt++) {
      Optional<V1Secret> existing = read(number);
      try {
        if (existing.isEmpty()) {
          objects.ensureNamespace(core);
          core.createNamespacedSecret(objects.namespace(), secret(number, Map.of(RECORD, ReleaseJson.write(release)))).execute();
        } else {
          V1Secret secret = existing.get();
          Map<String, byte[]> data = new HashMap<>(Optional.ofNullable(secret.getData()).orElse(Map.of()));
          data.put(RECORD, ReleaseJson.write(release));
          // The read resourceVersion makes this a compare-and-swap: a record changed meanwhile is read again, never overwritten blind.
          core.replaceNamespacedSecret(name(number), objects.namespace(), secret.data(data)).execute();
        }
        return;
      } catch (ApiException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == SAVE_ATTEMPTS) {
          throw ApiFailures.of(core.getApiClient(), "record release " + number + " in " + where(number), e);
        }
      }
    }
  }

  /** Deletes the release's Secret, only when it holds a readable record (a damaged one stays, as a file store leaves it). */
  @Override
  public void forget(int number) {
    if (all().stream().noneMatch(release -> release.number() == number)) {
      return;
    }
    try {
      core.deleteNamespacedSecret(name(number), objects.namespace()).execute();
    } catch (ApiException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw ApiFailures.of(core.getApiClient(), "delete release " + number + " (" + where(number) + ") beyond the history limit", e);
      }
    }
  }

  @Override
  public Optional<Rendering> rendering(int number) {
    return read(number).map(V1Secret::getData).map(data -> data.get(RENDERING)).flatMap(SecretReleaseStore::gunzip);
  }

  @Override
  public List<Release> all() {
    return scan().readable();
  }

  @Override
  public List<Damaged> damaged() {
    return scan().damaged();
  }

  @Override
  public String where(int number) {
    return objects.where("secret", name(number));
  }

  String name(int number) {
    return objects.name("release-" + number);
  }

  private Optional<V1Secret> read(int number) {
    try {
      return Optional.of(core.readNamespacedSecret(name(number), objects.namespace()).execute());
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return Optional.empty();
      }
      throw ApiFailures.of(core.getApiClient(), "read release " + number + " (" + where(number) + ")", e);
    }
  }

  /** @param highest the highest number of any release Secret, readable or not; 0 when there is none */
  private record Scan(List<Release> readable, List<Damaged> damaged, int highest) {}

  private Scan scan() {
    List<V1Secret> secrets;
    try {
      secrets = core.listNamespacedSecret(objects.namespace()).labelSelector(objects.selector()).execute().getItems();
    } catch (ApiException e) {
      throw ApiFailures.of(core.getApiClient(), "list the releases in namespace " + objects.namespace(), e);
    }
    List<Release> readable = new ArrayList<>();
    List<Damaged> damaged = new ArrayList<>();
    int highest = 0;
    for (V1Secret secret : secrets) {
      String name = secret.getMetadata().getName();
      Optional<Integer> number = numberOf(secret);
      if (number.isEmpty()) {
        damaged.add(new Damaged(objects.where("secret", name), "its label " + StateObjects.RELEASE + " is not a release number"));
        continue;
      }
      highest = Math.max(highest, number.get());
      byte[] record = Optional.ofNullable(secret.getData()).map(data -> data.get(RECORD)).orElse(null);
      try {
        if (record == null || record.length == 0) {
          throw new ReleaseJson.Unreadable("no " + RECORD);
        }
        readable.add(ReleaseJson.read(record, number.get()));
      } catch (ReleaseJson.Unreadable e) {
        damaged.add(new Damaged(objects.where("secret", name), e.getMessage()));
      }
    }
    readable.sort(Comparator.comparingInt(Release::number));
    damaged.sort(Comparator.comparing(Damaged::where));
    return new Scan(List.copyOf(readable), List.copyOf(damaged), highest);
  }

  private static Optional<Integer> numberOf(V1Secret secret) {
    String label = Optional.ofNullable(secret.getMetadata().getLabels()).map(labels -> labels.get(StateObjects.RELEASE)).orElse("");
    return label.matches("\\d{1,9}") ? Optional.of(Integer.parseInt(label)) : Optional.empty();
  }

  static byte[] gzip(Rendering rendering) {
    JsonArray files = new JsonArray();
    for (RenderedFile file : rendering.files()) {
      JsonObject entry = new JsonObject();
      entry.addProperty("path", file.path());
      entry.addProperty("content", file.content());
      files.add(entry);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(files.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress the release's files", e);
    }
    return bytes.toByteArray();
  }

  /** Empty for files that cannot be read: a restore then says the release has no recorded files, as for a file store. */
  static Optional<Rendering> gunzip(byte[] gzipped) {
    JsonElement parsed;
    try (InputStreamReader reader = new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8)) {
      parsed = JsonParser.parseReader(reader);
    } catch (IOException | JsonParseException e) {
      return Optional.empty();
    }
    if (!parsed.isJsonArray()) {
      return Optional.empty();
    }
    List<RenderedFile> files = new ArrayList<>();
    for (JsonElement entry : parsed.getAsJsonArray()) {
      Optional<String> path = text(entry, "path");
      Optional<String> content = text(entry, "content");
      if (path.isEmpty() || content.isEmpty()) {
        return Optional.empty();
      }
      files.add(new RenderedFile(path.get(), content.get()));
    }
    return Optional.of(new Rendering(files));
  }

  private static Optional<String> text(JsonElement entry, String field) {
    if (entry.isJsonObject() && entry.getAsJsonObject().get(field) instanceof JsonPrimitive value && value.isString()) {
      return Optional.of(value.getAsString());
    }
    return Optional.empty();
  }
}
