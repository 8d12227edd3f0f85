package dev.slipway.core.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.slipway.core.image.SourceSet;
import dev.slipway.core.io.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Assembles a service's image with jib-core, daemonless: the base image, then a {@code
 * dependencies} layer (pip's site-packages), then an {@code application} layer (the source), so
 * that a code change never invalidates the dependencies. Every entry has a fixed time, owner and
 * a mode derived only from "is it executable", so the same inputs give the same digest on any
 * machine.
 */
public final class ImageBuilder {

  public static final String SITE_PACKAGES = "/opt/slipway/site-packages";
  public static final String APP_DIR = "/app";
  public static final String DEFAULT_USER = "10001";

  /** How jib reports a request it retries ({@code "PATCH http://... failed and will be retried"}), and the last try. */
  private static final Pattern JIB_RETRY = Pattern.compile("\\S+ (\\S+) failed and will (NOT )?be retried");

  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  private static final FilePermissions REGULAR = FilePermissions.fromOctalString("644");

  /**
   * @param image the reference to produce, {@code registry/repository:tag}
   * @param extraTags further tags for the same image (e.g. the git revision)
   * @param baseImage as written in the script; see {@link BaseImages}
   * @param baseDir the project directory, for relative {@code tar:} bases
   * @param entrypoint the start command, already split into arguments
   * @param created the image's creation time: the commit time, or the epoch
   * @param cacheDir jib's layer caches
   * @param rebuild build and send it even when the destination has an image under this tag
   */
  public record Request(
      String image,
      List<String> extraTags,
      String baseImage,
      Path baseDir,
      Path sitePackages,
      SourceSet sources,
      List<String> entrypoint,
      List<Integer> ports,
      Map<String, String> environment,
      String user,
      Map<String, String> labels,
      Instant created,
      ImageDestination destination,
      Path cacheDir,
      boolean rebuild) {}

  /**
   * @param digest the manifest digest, by which deploys reference the image
   * @param upToDate the destination already had this exact image, and nothing was pushed
   * @param baseDigest the base image's digest when it was resolved from a registry
   */
  public record Result(String image, String digest, boolean upToDate, Optional<String> baseDigest) {

    /** {@code registry/repository@sha256:...}: what a deploy runs. */
    public String pinned() {
      String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : stripTag(image);
      return repository + "@" + digest;
    }

    private static String stripTag(String image) {
      int slash = image.lastIndexOf('/');
      int colon = image.lastIndexOf(':');
      return colon > slash ? image.substring(0, colon) : image;
    }
  }

  /**
   * How far jib has got with the whole build, and what it works on now.
   *
   * @param activity {@code pulling the base image}, {@code building}, {@code pushing}, {@code
   *     writing the image tar} or {@code loading it into the engine}
   * @param fraction between 0 and 1
   */
  public record Progress(String activity, double fraction) {}

  /**
   * @param progress receives how far jib has got as it works
   * @param messages jib's warnings
   * @param details what only helps when looking into a failure: jib's lifecycle messages, its
   *     retries and its fallbacks from HTTPS
   */
  public Result build(Request request, Consumer<Progress> progress, Consumer<String> messages, Consumer<String> details) {
    ImageReference target = parse(request.image(), "image");
    ImageReference baseReference = null;
    boolean insecure = request.destination() instanceof ImageDestination.Registry registry && registry.allowInsecure();
    Optional<String> baseDigest = Optional.empty();
    // A rebuild is asked for when the tag may no longer name the content, so what it names is not reused.
    if (!request.rebuild() && request.destination() instanceof ImageDestination.Registry) {
      RegistryProbe.Answer existing = new RegistryProbe(insecure || isLoopback(target)).lookUp(target);
      if (existing instanceof RegistryProbe.Answer.Found found) {
        return new Result(request.image(), found.digest(), true, Optional.empty());
      }
    } else if (!request.rebuild() && request.destination() instanceof ImageDestination.Engine engine) {
      Optional<String> loaded = engineImageId(engine, request.image(), request.baseDir());
      if (loaded.isPresent()) {
        return new Result(request.image(), loaded.get(), true, Optional.empty());
      }
    }
    JibContainerBuilder builder;
    String base = request.baseImage();
    try {
      if (BaseImages.isTar(base)) {
        Path tar = BaseImages.tarPath(base, request.baseDir());
        if (!Files.isRegularFile(tar)) {
          throw new BuildFailure("base image " + base + " not found: no file " + tar);
        }
        builder = Jib.from(TarImage.at(tar));
      } else if (BaseImages.isEngine(base)) {
        builder = Jib.from(DockerDaemonImage.named(BaseImages.engineName(base)));
      } else {
        baseReference = parse(base, "base image");
        // Pin the tag to a digest once, so that every layer above sits on exactly one base.
        RegistryProbe.Answer answer = new RegistryProbe(insecure || isLoopback(baseReference)).lookUp(baseReference);
        if (answer instanceof RegistryProbe.Answer.Missing) {
          throw new BuildFailure("base image " + base + " not found in registry " + baseReference.getRegistry() + ": check the name and tag in python { baseImage / version }");
        }
        baseDigest = RegistryProbe.digest(answer);
        ImageReference pinned = baseDigest.map(baseReference::withQualifier).orElse(baseReference);
        builder = Jib.from(withCredentials(RegistryImage.named(pinned), pinned, messages));
      }
      builder
          .setCreationTime(request.created())
          .setEntrypoint(request.entrypoint())
          .setProgramArguments(List.of())
          .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIR))
          .setUser(request.user())
          .setLabels(request.labels());
      request.environment().forEach(builder::addEnvironmentVariable);
      Set<Port> ports = new LinkedHashSet<>();
      request.ports().forEach(p -> ports.add(Port.tcp(p)));
      builder.setExposedPorts(ports);
      builder.addFileEntriesLayer(dependencyLayer(request.sitePackages()));
      builder.addFileEntriesLayer(applicationLayer(request.sources()));

      // jib has one switch for every registry it talks to: a loopback base may use plain HTTP only
      // when no remote registry is pushed to in the same build.
      boolean pushesToRemote = request.destination() instanceof ImageDestination.Registry && !isLoopback(target);
      boolean plainHttpAllowed =
          insecure || isLoopback(target) || (baseReference != null && isLoopback(baseReference) && !pushesToRemote);
      Containerizer containerizer = containerizer(request, target, plainHttpAllowed, messages);
      request.extraTags().forEach(containerizer::withAdditionalTag);
      ProgressTotal total = new ProgressTotal(progress);
      containerizer.addEventHandler(ProgressEvent.class, total::add);
      Optional<PushedRegistry> pushed = request.destination() instanceof ImageDestination.Registry ? Optional.of(new PushedRegistry(target)) : Optional.empty();
      containerizer.addEventHandler(LogEvent.class, e -> {
        Matcher retry = JIB_RETRY.matcher(e.getMessage());
        boolean retried = retry.matches();
        // jib narrates its own work ("Container entrypoint set to ..."), every retry, and its HTTPS-then-HTTP
        // fallback for plain-HTTP registries (users who allowed one know): all for --debug, the step's events say the rest.
        if (retried || e.getMessage().contains("Attempting again") || (e.getLevel() == LogEvent.Level.LIFECYCLE && !e.getMessage().isBlank())) {
          details.accept(e.getMessage());
          if (retried) {
            pushed.ifPresent(registry -> registry.retried(retry.group(1)));
          }
        } else if (e.getLevel() == LogEvent.Level.WARN && !e.getMessage().isBlank()) {
          messages.accept(e.getMessage());
        }
      });
      JibContainer container = containerize(builder, containerizer, pushed.map(PushedRegistry::lost).orElseGet(CompletableFuture::new));
      return new Result(request.image(), container.getDigest().toString(), false, baseDigest);
    } catch (BuildFailure e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildFailure("build of " + request.image() + " was interrupted", e);
    } catch (ExecutionException e) {
      throw explain(e.getCause() == null ? e : e.getCause(), request, baseReference, target);
    } catch (Exception e) {
      throw explain(e, request, baseReference, target);
    }
  }

  /**
   * Runs jib on threads of its own, so that a build pushing to a registry that went away ends as
   * soon as {@code lost} says so, rather than after jib's back-off (about a minute per request).
   *
   * @throws Exception what {@link JibContainerBuilder#containerize} throws, or {@code lost}'s failure
   */
  private static JibContainer containerize(JibContainerBuilder builder, Containerizer containerizer, CompletableFuture<RegistryFailure> lost)
      throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "slipway-jib");
      thread.setDaemon(true);
      return thread;
    });
    containerizer.setExecutorService(threads);
    CompletableFuture<JibContainer> containerized = new CompletableFuture<>();
    threads.execute(() -> {
      try {
        containerized.complete(builder.containerize(containerizer));
      } catch (Throwable e) {
        containerized.completeExceptionally(e);
      }
    });
    try {
      try {
        CompletableFuture.anyOf(containerized, lost).get();
      } catch (ExecutionException failed) {
        // containerized failed; its own get() below throws what jib threw
      }
      if (lost.isDone()) {
        throw lost.get();
      }
      try {
        return containerized.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception thrown) {
          throw thrown;
        }
        throw e;
      }
    } finally {
      // Stops jib's retries of a lost registry, and whatever else it was still doing.
      threads.shutdownNow();
    }
  }

  /**
   * The registry a build pushes to, as jib's retries show it: jib retries every failed request
   * with back-off, so one that no longer even accepts connections is reported at its first retry.
   */
  private static final class PushedRegistry {
    private static final int CONNECT_TIMEOUT_MILLIS = 3000;

    private final ImageReference image;
    private final CompletableFuture<RegistryFailure> lost = new CompletableFuture<>();

    PushedRegistry(ImageReference image) {
      this.image = image;
    }

    CompletableFuture<RegistryFailure> lost() {
      return lost;
    }

    /** jib retries a request to {@code url}. */
    void retried(String url) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException notAUrl) {
        return;
      }
      if (lost.isDone() || !image.getRegistry().equals(uri.getAuthority()) || acceptsConnections(uri)) {
        return;
      }
      String registry = image.getRegistry();
      String restart = isLoopback(image)
          ? "start it again (for a local one: docker-registry serve, as the README shows)"
          : "check that it is up and that this machine reaches it";
      lost.complete(new RegistryFailure("registry " + registry + " stopped answering while pushing " + image.getRepository() + ": " + restart
          + ", then run the command again; nothing was deployed"));
    }

    private static boolean acceptsConnections(URI uri) {
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MILLIS);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * Loopback registries speak plain HTTP as a rule and cannot be intercepted from outside the
   * machine; jib, docker and podman treat them the same way.
   */
  private static boolean isLoopback(ImageReference reference) {
    return Loopback.is(reference.getRegistry());
  }

  /**
   * Whether an image reference names a registry on this machine's loopback interface. Read from
   * the first component, not through jib's parser, which takes no IPv6 registry ({@code [::1]:5000}).
   */
  public static boolean isLoopbackRegistry(String imageReference) {
    int slash = imageReference.indexOf('/');
    return slash > 0 && Loopback.is(imageReference.substring(0, slash));
  }

  /**
   * The id of the image the engine already has under this content tag: the tag names the inputs
   * (sources, dependency file, base, command), so loading it again would change nothing.
   */
  static Optional<String> engineImageId(ImageDestination.Engine engine, String image, Path directory) {
    try {
      ProcessResult inspect = ProcessResult.run(
          List.of(engine.executable().toString(), "image", "inspect", "--format", "{{.Id}}", image), directory);
      String id = inspect.output().strip();
      return inspect.exitCode() == 0 && !id.isEmpty() && !id.contains("\n") ? Optional.of(id) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the load that follows reports an engine that cannot run
    }
  }

  private Containerizer containerizer(Request request, ImageReference target, boolean insecure, Consumer<String> messages)
      throws InvalidImageReferenceException {
    Containerizer containerizer;
    ImageDestination destination = request.destination();
    if (destination instanceof ImageDestination.Tar tar) {
      containerizer = Containerizer.to(TarImage.at(tar.directory().resolve(fileNameFor(target))).named(target));
    } else if (destination instanceof ImageDestination.Engine engine) {
      containerizer = Containerizer.to(DockerDaemonImage.named(target).setDockerExecutable(engine.executable()));
    } else {
      containerizer = Containerizer.to(withCredentials(RegistryImage.named(target), target, messages));
    }
    return containerizer
        .setAllowInsecureRegistries(insecure)
        .setToolName("slipway")
        .setBaseImageLayersCache(request.cacheDir().resolve("base"))
        .setApplicationLayersCache(request.cacheDir().resolve("application"));
  }

  /** {@code shop/web:src-1a2b} → {@code shop-web-src-1a2b.tar}. */
  public static String fileNameFor(ImageReference image) {
    String repository = image.getRepository();
    return repository.substring(repository.lastIndexOf('/') + 1) + "-" + image.getQualifier().replace(':', '-') + ".tar";
  }

  /** Credentials the way docker and jib find them: config.json, then credential helpers. */
  private static RegistryImage withCredentials(RegistryImage image, ImageReference reference, Consumer<String> messages) {
    RegistryAccess.retrievers(reference, e -> {
      if (e.getLevel() == LogEvent.Level.WARN) {
        messages.accept(e.getMessage());
      }
    }).forEach(image::addCredentialRetriever);
    return image;
  }

  static FileEntriesLayer dependencyLayer(Path sitePackages) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("dependencies");
    addTree(layer, sitePackages, AbsoluteUnixPath.get(SITE_PACKAGES));
    return layer.build();
  }

  static FileEntriesLayer applicationLayer(SourceSet sources) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
    AbsoluteUnixPath app = AbsoluteUnixPath.get(APP_DIR);
    for (Path relative : sources.files()) {
      Path file = sources.root().resolve(relative);
      layer.addEntry(file, app.resolve(relative.toString().replace('\\', '/')), modeOf(file));
    }
    return layer.build();
  }

  private static void addTree(FileEntriesLayer.Builder layer, Path root, AbsoluteUnixPath destination) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root)).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String relative = root.relativize(file).toString().replace('\\', '/');
      if (Files.isSymbolicLink(file) && !Files.exists(file)) {
        throw new BuildFailure("dependency directory holds a dangling symlink " + relative + ": images cannot ship it");
      }
      layer.addEntry(file, destination.resolve(relative), Files.isDirectory(file) ? EXECUTABLE : modeOf(file));
    }
  }

  /** Only "executable or not" survives, so umask and checkout differences never change a digest. */
  private static FilePermissions modeOf(Path file) {
    return Files.isExecutable(file) ? EXECUTABLE : REGULAR;
  }

  static ImageReference parse(String reference, String what) {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new BuildFailure(what + " '" + reference + "' is not a valid image reference");
    }
  }

  private static BuildFailure explain(Throwable e, Request request, ImageReference base, ImageReference target) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof RegistryUnauthorizedException || root instanceof InsecureRegistryException
          || root instanceof RegistryCredentialsNotSentException) {
        break;
      }
      root = root.getCause();
    }
    String message = String.valueOf(e.getMessage());
    if (root instanceof RegistryUnauthorizedException unauthorized) {
      return new RegistryFailure(
          "registry refused access to " + unauthorized.getImageReference()
              + " (unauthorized): log in with `docker login` (or podman login) to its registry, or configure a credential helper",
          e);
    }
    if (root instanceof RegistryCredentialsNotSentException) {
      return RegistryAccess.credentialsNeverSentOverHttp(target.getRegistry(), e);
    }
    if (root instanceof InsecureRegistryException) {
      return new RegistryFailure(
          "registry " + target.getRegistry() + " does not speak HTTPS: if that is intended, allow it with registry '...', insecure: true"
              + " or --insecure-registry " + target.getRegistry(),
          e);
    }
    if (root instanceof ConnectException || root instanceof UnknownHostException) {
      return new RegistryFailure("registry unreachable while building " + request.image() + ": " + root.getMessage(), e);
    }
    if (base != null && message.toLowerCase().contains("manifest") && message.toLowerCase().contains(base.getRepository())) {
      return new BuildFailure("base image " + request.baseImage() + " not found: " + firstLine(message), e);
    }
    if (e instanceof RegistryException) {
      return new BuildFailure("registry error while building " + request.image() + ": " + firstLine(message), e);
    }
    return new BuildFailure("building " + request.image() + " failed: " + e.getClass().getSimpleName() + ": " + firstLine(message), e);
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse(text);
  }

  /**
   * Sums jib's progress allocations into one fraction, named after the allocation that last moved
   * it (jib describes them in words such as {@code pulling base image layer sha256:...}).
   */
  private static final class ProgressTotal {
    private final Consumer<Progress> sink;
    private double done;

    ProgressTotal(Consumer<Progress> sink) {
      this.sink = sink;
    }

    synchronized void add(ProgressEvent event) {
      done += event.getAllocation().getFractionOfRoot() * event.getUnits();
      sink.accept(new Progress(activity(event.getAllocation().getDescription()), Math.min(1.0, done)));
    }

    static String activity(String jibDescription) {
      String description = jibDescription.toLowerCase(Locale.ROOT);
      if (description.contains("base image") || description.startsWith("compressing layer")) {
        return "pulling the base image";
      } else if (description.contains("push") || description.startsWith("launching")) {
        return "pushing";
      } else if (description.contains("tar file")) {
        return "writing the image tar";
      } else if (description.contains("docker daemon")) {
        return "loading it into the engine";
      }
      return "building";
    }
  }
}
