package dev.slipway.core.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Django project as Django itself finds its parts: {@code manage.py} names the settings module
 * ({@code DJANGO_SETTINGS_MODULE}), the settings name the WSGI and ASGI applications
 * ({@code WSGI_APPLICATION}, {@code ASGI_APPLICATION}). Folder names are only the fallback
 * {@code startproject} would have made: {@code wsgi.py} and {@code asgi.py} beside the settings.
 *
 * @param root the directory holding {@code manage.py}, relative to the source, {@code ""} for the source itself
 * @param settings the settings module, e.g. {@code mysite.settings} or {@code config.settings.production}
 * @param wsgi e.g. {@code mysite.wsgi:application}
 * @param asgi e.g. {@code mysite.asgi:application}
 * @param found how {@link #wsgi} and {@link #asgi} were found, for the reason
 */
record DjangoProject(String root, Optional<String> settings, Optional<String> wsgi, Optional<String> asgi, String found) {

  /** How far below the source {@code manage.py} is looked for. */
  static final int MAX_DEPTH = 2;

  private static final Pattern SETTINGS_MODULE =
      Pattern.compile("DJANGO_SETTINGS_MODULE['\"]\\s*(?:,|\\]\\s*=)\\s*['\"]([\\w.]+)['\"]");
  private static final Pattern STAR_IMPORT = Pattern.compile("(?m)^from\\s+(\\.*[\\w.]*)\\s+import\\s+\\*");

  static Optional<DjangoProject> find(Path sourceDir) {
    Optional<Path> manage = managePy(sourceDir);
    if (manage.isEmpty()) {
      return Optional.empty();
    }
    Path projectDir = manage.get().getParent();
    String root = sourceDir.relativize(projectDir).toString().replace('\\', '/');
    PythonSource managePy = PythonSource.read(sourceDir, manage.get());
    if (!managePy.code.toLowerCase(Locale.ROOT).contains("django")) {
      return Optional.empty(); // Flask-Script and others named their entry point manage.py too
    }
    Matcher named = SETTINGS_MODULE.matcher(managePy.code);
    if (!named.find()) {
      return Optional.of(fromFolders(projectDir, root, "manage.py names no DJANGO_SETTINGS_MODULE"));
    }
    String settings = named.group(1);
    Optional<Path> settingsFile = moduleFile(projectDir, settings);
    if (settingsFile.isEmpty()) {
      DjangoProject guess = fromFolders(projectDir, root, "manage.py names settings " + settings + ", which is not in the source");
      return Optional.of(new DjangoProject(root, Optional.of(settings), guess.wsgi(), guess.asgi(), guess.found()));
    }
    String where = sourceDir.relativize(settingsFile.get()).toString().replace('\\', '/');
    Optional<String> wsgi = setting(projectDir, settings, "WSGI_APPLICATION", 0);
    Optional<String> asgi = setting(projectDir, settings, "ASGI_APPLICATION", 0);
    String found = "manage.py names settings " + settings;
    if (wsgi.isPresent()) {
      found += ", whose WSGI_APPLICATION is " + wsgi.get();
    } else {
      wsgi = besideSettings(projectDir, settings, "wsgi");
      found += wsgi.map(w -> "; " + where + " sets no WSGI_APPLICATION, " + w.replace(':', '.') + " is beside it").orElse("");
    }
    if (asgi.isPresent()) {
      found += ", ASGI_APPLICATION " + asgi.get();
    } else {
      asgi = besideSettings(projectDir, settings, "asgi");
    }
    return Optional.of(new DjangoProject(root, Optional.of(settings), wsgi.map(DjangoProject::target), asgi.map(DjangoProject::target), found));
  }

  /** {@code python manage.py} from the source directory. */
  String managePy() {
    return "python " + (root.isEmpty() ? "" : root + "/") + "manage.py";
  }

  /** The shallowest {@code manage.py}, first by path among equals. */
  private static Optional<Path> managePy(Path sourceDir) {
    try (Stream<Path> files = Files.walk(sourceDir, MAX_DEPTH + 1)) {
      return files
          .filter(f -> f.getFileName().toString().equals("manage.py") && Files.isRegularFile(f))
          .filter(f -> {
            for (Path part : sourceDir.relativize(f.getParent())) {
              String name = part.toString();
              if (name.startsWith(".") || Modules.NOT_APP_DIRECTORIES.contains(name)) {
                return false;
              }
            }
            return true;
          })
          .min(Comparator.comparingInt((Path f) -> f.getNameCount()).thenComparing(Path::toString));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Without a settings module to read: the folder beside manage.py that has wsgi.py, as startproject makes it. */
  private static DjangoProject fromFolders(Path projectDir, String root, String why) {
    try (Stream<Path> children = Files.list(projectDir)) {
      Optional<String> project =
          children.filter(child -> Files.isRegularFile(child.resolve("wsgi.py"))).map(child -> child.getFileName().toString()).sorted().findFirst();
      Optional<String> asgi = project.filter(p -> Files.isRegularFile(projectDir.resolve(p).resolve("asgi.py"))).map(p -> p + ".asgi:application");
      return new DjangoProject(
          root, Optional.empty(), project.map(p -> p + ".wsgi:application"), asgi,
          why + project.map(p -> "; " + p + "/wsgi.py is beside it").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A setting's dotted value in {@code module} or in the modules it star-imports ({@code from
   * .base import *}), as settings packages split them.
   */
  private static Optional<String> setting(Path projectDir, String module, String name, int depth) {
    Optional<Path> file = moduleFile(projectDir, module);
    if (file.isEmpty() || depth > 3) {
      return Optional.empty();
    }
    PythonSource source = PythonSource.read(projectDir, file.get());
    Matcher value = Pattern.compile("(?m)^" + name + "\\s*=\\s*['\"]([\\w.]+)['\"]").matcher(source.code);
    String last = null;
    while (value.find()) {
      last = value.group(1);
    }
    if (last != null) {
      return Optional.of(last);
    }
    Matcher star = STAR_IMPORT.matcher(source.code);
    List<String> imported = new ArrayList<>();
    while (star.find()) {
      imported.add(absolute(module, file.get().getFileName().toString().equals("__init__.py"), star.group(1)));
    }
    // Later imports override earlier ones, as Python runs them.
    for (int i = imported.size() - 1; i >= 0; i--) {
      Optional<String> found = setting(projectDir, imported.get(i), name, depth + 1);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** {@code config.settings.base} for {@code .base} imported by {@code config.settings.production}. */
  private static String absolute(String module, boolean isPackage, String imported) {
    if (!imported.startsWith(".")) {
      return imported;
    }
    int dots = imported.length() - imported.replaceFirst("^\\.+", "").length();
    List<String> parts = new ArrayList<>(List.of(module.split("\\.")));
    int up = isPackage ? dots - 1 : dots;
    for (int i = 0; i < up && !parts.isEmpty(); i++) {
      parts.remove(parts.size() - 1);
    }
    String rest = imported.substring(dots);
    if (!rest.isEmpty()) {
      parts.add(rest);
    }
    return String.join(".", parts);
  }

  /** {@code mysite.wsgi.application} beside {@code mysite.settings}, or up the packages for a settings package. */
  private static Optional<String> besideSettings(Path projectDir, String settings, String name) {
    List<String> packages = new ArrayList<>(List.of(settings.split("\\.")));
    packages.remove(packages.size() - 1);
    while (!packages.isEmpty()) {
      String candidate = String.join(".", packages) + "." + name;
      if (moduleFile(projectDir, candidate).isPresent()) {
        return Optional.of(candidate + ".application");
      }
      packages.remove(packages.size() - 1);
    }
    return Optional.empty();
  }

  private static Optional<Path> moduleFile(Path projectDir, String module) {
    Path base = projectDir.resolve(module.replace('.', '/'));
    return Stream.of(base.resolveSibling(base.getFileName() + ".py"), base.resolve("__init__.py")).filter(Files::isRegularFile).findFirst();
  }

  /** {@code mysite.wsgi:application} of {@code mysite.wsgi.application}. */
  private static String target(String dotted) {
    int last = dotted.lastIndexOf('.');
    return last < 0 ? dotted : dotted.substring(0, last) + ":" + dotted.substring(last + 1);
  }

  /** How to serve this project with what {@code dependencies} installs, and why. */
  StartCommand command(int port, Dependencies dependencies) {
    Optional<String> importRoot = root.isEmpty() ? Optional.empty() : Optional.of(root);
    String deps = dependencies.where();
    String project = "Django project (" + (root.isEmpty() ? "" : root + "/") + "manage.py; " + found + ")";
    boolean uvicorn = dependencies.has("uvicorn");
    if (asgi.isPresent() && (uvicorn || dependencies.has("daphne"))) {
      String application = asgi.get();
      if (uvicorn && dependencies.has("gunicorn")) {
        return new StartCommand(
            "gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:" + port + " " + application,
            project + "; gunicorn and uvicorn in " + deps + ", so ASGI with uvicorn workers under gunicorn", Server.GUNICORN, importRoot, List.of());
      }
      if (uvicorn) {
        return new StartCommand(
            "uvicorn " + application + " --host 0.0.0.0 --port " + port, project + "; uvicorn in " + deps + ", so ASGI", Server.UVICORN, importRoot, List.of());
      }
      return new StartCommand(
          "daphne -b 0.0.0.0 -p " + port + " " + application, project + "; daphne in " + deps + ", so ASGI", Server.DAPHNE, importRoot, List.of());
    }
    if (wsgi.isPresent() && dependencies.has("gunicorn")) {
      return new StartCommand(
          "gunicorn --bind 0.0.0.0:" + port + " " + wsgi.get(), project + "; gunicorn in " + deps, Server.GUNICORN, importRoot, List.of());
    }
    String why = wsgi.isPresent() || asgi.isPresent()
        ? "no gunicorn, uvicorn or daphne in " + deps
        : "no WSGI or ASGI application found";
    return new StartCommand(
        managePy() + " runserver 0.0.0.0:" + port,
        project + "; " + why + ", so Django's development server",
        Server.DEVELOPMENT,
        importRoot,
        List.of("Django's development server (runserver) serves this service: it is not made for production; add gunicorn to " + deps
            + (wsgi.isPresent() ? " and Slipway serves " + wsgi.get() + " with it" : " and set WSGI_APPLICATION in the settings")));
  }

}
