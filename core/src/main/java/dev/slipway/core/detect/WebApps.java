package dev.slipway.core.detect;

import dev.slipway.core.detect.Modules.Module;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Flask, FastAPI and Starlette app objects in an application's modules, chooses one the
 * same way every time, and says how to serve it with what the dependencies install.
 */
final class WebApps {

  enum Framework {
    FLASK("Flask", "flask", false),
    FASTAPI("FastAPI", "fastapi", true),
    STARLETTE("Starlette", "starlette", true);

    final String label;
    final String module;
    final boolean asgi;
    /** {@code Flask(} or {@code flask.Flask(}, not {@code MyFlask(}. */
    final Pattern constructor;

    Framework(String label, String module, boolean asgi) {
      this.label = label;
      this.module = module;
      this.asgi = asgi;
      this.constructor = Pattern.compile("(?<![\\w])(?:[A-Za-z_][\\w.]*\\.)?" + label + "\\s*\\(");
    }
  }

  /** The names app factories go by; Flask's CLI finds {@code create_app} and {@code make_app} on its own. */
  private static final Set<String> FACTORY_NAMES = Set.of("create_app", "make_app", "get_app", "get_application", "app_factory");

  /** Module names that say "the app starts here", preferred over others at any depth. */
  private static final List<String> ENTRY_NAMES = List.of("main", "app", "application", "asgi", "wsgi", "api", "server", "web", "__init__");

  /**
   * One app object.
   *
   * @param variable the module attribute, or the factory's name when {@link #factory}
   * @param factory a function that builds the app, rather than the app itself
   * @param line where it is made
   */
  record App(Module module, Framework framework, String variable, boolean factory, int line) {

    /** {@code web.app:app}; a factory as {@code web.app:create_app()}, which gunicorn calls. */
    String target() {
      return module.name() + ":" + variable + (factory ? "()" : "");
    }

    String describe() {
      return framework.label + (factory ? " app factory " + variable + "()" : " app '" + variable + "'") + " in " + module.source().path;
    }
  }

  private WebApps() {}

  /** Every app object in {@code modules}, the one to serve first. */
  static List<App> find(List<Module> modules) {
    List<App> apps = new ArrayList<>();
    Map<String, Framework> factories = new LinkedHashMap<>();
    for (Module module : modules) {
      for (Framework framework : Framework.values()) {
        if (!module.source().imports(framework.module)) {
          continue;
        }
        String code = module.source().code;
        Matcher instance =
            Pattern.compile("(?m)^([A-Za-z_]\\w*)\\s*(?::[^=\\n]+)?=\\s*" + framework.constructor.pattern()).matcher(code);
        while (instance.find()) {
          apps.add(new App(module, framework, instance.group(1), false, module.source().lineAt(instance.start())));
        }
        for (String function : module.source().functionsCalling(framework.constructor)) {
          if (FACTORY_NAMES.contains(function)) {
            factories.putIfAbsent(function, framework);
            int line = module.source().function(function).map(b -> module.source().lineAt(b.start())).orElse(0);
            apps.add(new App(module, framework, function, true, line));
          }
        }
      }
    }
    // `app = create_app()` in wsgi.py or main.py makes an app object from another module's factory.
    for (Module module : modules) {
      for (Map.Entry<String, Framework> factory : factories.entrySet()) {
        Matcher made =
            Pattern.compile("(?m)^([A-Za-z_]\\w*)\\s*(?::[^=\\n]+)?=\\s*(?:[A-Za-z_][\\w.]*\\.)?" + factory.getKey() + "\\s*\\(")
                .matcher(module.source().code);
        while (made.find()) {
          App app = new App(module, factory.getValue(), made.group(1), false, module.source().lineAt(made.start()));
          if (apps.stream().noneMatch(a -> a.target().equals(app.target()))) {
            apps.add(app);
          }
        }
      }
    }
    apps.sort(PREFERENCE);
    return List.copyOf(apps);
  }

  /**
   * An app object before a factory; then a module named like an entry point ({@code main},
   * {@code app}, {@code asgi}, {@code wsgi}, ...); then the shallowest; then by path and line.
   */
  static final Comparator<App> PREFERENCE =
      Comparator.comparing((App a) -> a.factory())
          .thenComparing(a -> !ENTRY_NAMES.contains(a.module().stem()))
          .thenComparingInt(a -> a.module().depth())
          .thenComparing(a -> a.module().source().path)
          .thenComparingInt(App::line);

  /** Why {@code chosen} was preferred over {@code other}, in the words of {@link #PREFERENCE}. */
  static String whyBefore(App chosen, App other) {
    if (chosen.factory() != other.factory()) {
      return "an app object comes before a factory";
    }
    if (ENTRY_NAMES.contains(chosen.module().stem()) != ENTRY_NAMES.contains(other.module().stem())) {
      return chosen.module().stem() + ".py is named like an entry point";
    }
    if (chosen.module().depth() != other.module().depth()) {
      return "it is less deep";
    }
    return "first by path";
  }

  /** How to serve {@code app} with what {@code dependencies} installs, and why. */
  static StartCommand command(App app, int port, Dependencies dependencies) {
    StartCommand command = app.framework().asgi ? asgi(app, port, dependencies) : flask(app, port, dependencies);
    Optional<String> importRoot = app.module().importRoot().isEmpty() ? Optional.empty() : Optional.of(app.module().importRoot());
    return new StartCommand(command.command(), command.reason(), command.server(), importRoot, command.warnings());
  }

  private static StartCommand flask(App app, int port, Dependencies dependencies) {
    String found = app.describe();
    String deps = dependencies.where();
    if (dependencies.has("gunicorn")) {
      return server(
          "gunicorn --bind 0.0.0.0:" + port + " " + quoted(app.target()), found + "; gunicorn in " + deps, Server.GUNICORN);
    }
    if (dependencies.has("waitress")) {
      String target = app.factory() ? "--call " + app.module().name() + ":" + app.variable() : app.target();
      return server("waitress-serve --listen=0.0.0.0:" + port + " " + target, found + "; waitress in " + deps + ", no gunicorn", Server.WAITRESS);
    }
    String development =
        "Flask's development server serves this service: it is not made for production; add gunicorn to " + deps
            + " and Slipway serves the app with it";
    Optional<Integer> runsItself = runsItself(app);
    if (runsItself.isPresent()) {
      return new StartCommand(
          app.module().runCommand(),
          found + " runs itself (app.run under if __name__ == '__main__', line " + runsItself.get() + "); no gunicorn in " + deps,
          Server.DEVELOPMENT, Optional.empty(), List.of(development));
    }
    // Flask's CLI finds create_app and make_app in a module by itself.
    String flaskApp = app.factory() && Set.of("create_app", "make_app").contains(app.variable()) ? app.module().name() : quoted(app.target());
    if (dependencies.onlyOlderThan("flask", "2.2")) {
      return new StartCommand(
          "FLASK_APP=" + flaskApp + " flask run --host 0.0.0.0 --port " + port,
          found + "; no gunicorn in " + deps + ", so Flask's own server; " + dependencies.describe("flask")
              + " predates flask --app (Flask 2.2), so FLASK_APP",
          Server.DEVELOPMENT, Optional.empty(), List.of(development));
    }
    return new StartCommand(
        "flask --app " + flaskApp + " run --host 0.0.0.0 --port " + port,
        found + "; no gunicorn in " + deps + ", so Flask's own server",
        Server.DEVELOPMENT, Optional.empty(), List.of(development));
  }

  /** {@code app.run(}, {@code create_app().run(}. */
  private static final Pattern APP_RUN = Pattern.compile("(?<![\\w.])([A-Za-z_][\\w.]*)(?:\\(\\s*\\))?\\.run\\s*\\(");

  /** Modules whose {@code run} starts something other than the app. */
  private static final Set<String> NOT_APPS = Set.of("asyncio", "subprocess", "uvicorn", "trio", "anyio");

  /** The line of the app's own {@code .run(...)} under the main guard, when the module starts itself. */
  private static Optional<Integer> runsItself(App app) {
    if (app.module().stem().equals("__init__")) {
      return Optional.empty(); // python -m would run the package's __main__, not this
    }
    PythonSource source = app.module().source();
    return source.mainGuard().flatMap(guard -> {
      Matcher run = APP_RUN.matcher(source.code).region(guard.start(), guard.end());
      while (run.find()) {
        if (!NOT_APPS.contains(run.group(1))) {
          return Optional.of(source.lineAt(run.start()));
        }
      }
      return Optional.empty();
    });
  }

  private static StartCommand asgi(App app, int port, Dependencies dependencies) {
    String found = app.describe();
    String deps = dependencies.where();
    String uvicornTarget = app.factory() ? app.module().name() + ":" + app.variable() + " --factory" : app.target();
    if (dependencies.has("gunicorn") && (dependencies.has("uvicorn") || dependencies.has("uvicorn-worker"))) {
      String worker = dependencies.has("uvicorn-worker") ? "uvicorn_worker.UvicornWorker" : "uvicorn.workers.UvicornWorker";
      return server(
          "gunicorn -k " + worker + " --bind 0.0.0.0:" + port + " " + quoted(app.target()),
          found + "; gunicorn and " + (dependencies.has("uvicorn-worker") ? "uvicorn-worker" : "uvicorn") + " in " + deps
              + ", so uvicorn workers under gunicorn",
          Server.GUNICORN);
    }
    if (dependencies.has("uvicorn")) {
      return server("uvicorn " + uvicornTarget + " --host 0.0.0.0 --port " + port, found + "; uvicorn in " + deps, Server.UVICORN);
    }
    if (dependencies.has("hypercorn")) {
      return server("hypercorn " + quoted(app.target()) + " --bind 0.0.0.0:" + port, found + "; hypercorn in " + deps, Server.HYPERCORN);
    }
    if (dependencies.has("daphne") && !app.factory()) {
      return server("daphne -b 0.0.0.0 -p " + port + " " + app.target(), found + "; daphne in " + deps, Server.DAPHNE);
    }
    return new StartCommand(
        "uvicorn " + uvicornTarget + " --host 0.0.0.0 --port " + port,
        found + "; no ASGI server in " + deps + ", so uvicorn",
        Server.UVICORN, Optional.empty(),
        List.of("uvicorn is not in " + deps + ", and " + app.framework().label + " needs a server to run it: add uvicorn to " + deps
            + ", or the container will not start"));
  }

  private static StartCommand server(String command, String reason, Server server) {
    return new StartCommand(command, reason, server, Optional.empty(), List.of());
  }

  /** {@code 'app:create_app()'}: the shell would read the brackets. */
  static String quoted(String argument) {
    return argument.matches("[\\w.:/=-]+") ? argument : "'" + argument + "'";
  }
}
