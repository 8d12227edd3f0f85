package dev.slipway.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceAction;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployScriptsTest {

  @TempDir Path dir;

  private Project evaluate(String script, Map<String, String> variables) throws IOException {
    Path file = dir.resolve("deploy.groovy");
    Files.writeString(file, script);
    return DeployScripts.evaluate(file, variables);
  }

  private Problem problemOf(String script) {
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> evaluate(script, Map.of()));
    return error.problems().get(0);
  }

  @Test
  void evaluate_fullExample_buildsTheModel() throws IOException {
    Project project =
        evaluate(
            """
            project 'shop'
            registry 'localhost:5000/shop'
            service('api') {
                python {
                    version '3.12'
                    source 'api'
                    command 'gunicorn -b 0.0.0.0:8000 app:app'
                }
                port 8000
                health http('/healthz'), deadline: 60
                env DATABASE_URL: 'postgresql://shop@db:5432/shop'
                secret 'DB_PASSWORD', fromEnv: 'SHOP_DB_PASSWORD'
                dependsOn 'db'
                test { pytest 'api/tests' }
            }
            service('db') {
                image 'postgres:16'
                volume 'pgdata', '/var/lib/postgresql/data'
                health command('pg_isready -U postgres')
            }
            environments {
                dev  { target compose() }
                prod {
                    target kubernetes(context: 'prod', namespace: 'shop')
                    service('api') { replicas 3; autoscale min: 3, max: 10, cpu: 70; resources cpu: '500m', memory: '512Mi' }
                }
                staging(extends: 'prod') { target kubernetes(context: 'staging', namespace: 'shop-staging') }
            }
            pipeline {
                stage('build')  { buildImages() }
                stage('deploy') { deploy() }
            }
            """,
            Map.of());

    assertEquals("shop", project.name());
    assertEquals("localhost:5000/shop", project.registry().orElseThrow());
    Service api = project.service("api").orElseThrow();
    assertEquals("gunicorn -b 0.0.0.0:8000 app:app", api.python().orElseThrow().command().orElseThrow());
    assertEquals(8000, api.ports().get(0).container());
    assertEquals(new HealthCheck.Http("/healthz", 0, java.time.Duration.ofSeconds(60)), api.health().orElseThrow());
    assertEquals("SHOP_DB_PASSWORD", api.secrets().get(0).fromEnv().orElseThrow());
    assertEquals("db", api.dependsOn().get(0).service());
    assertEquals(13, api.dependsOn().get(0).location().line());
    assertEquals(List.of("api/tests"), api.test().orElseThrow().pytestPaths());
    assertEquals("pgdata", project.service("db").orElseThrow().volumes().get(0).name());
    assertEquals(List.of("dev", "prod", "staging"), project.environments().stream().map(e -> e.name()).toList());
    assertEquals("prod", project.environment("staging").orElseThrow().extendsFrom().orElseThrow());
    assertEquals(3, project.environment("prod").orElseThrow().overrides().get(0).replicas().orElseThrow());
    assertEquals(List.of(ServiceAction.BUILD_IMAGES, ServiceAction.DEPLOY),
        project.pipeline().stages().stream().flatMap(s -> s.actions().stream()).toList());
  }

  @Test
  void evaluate_run_recordsAOneOffRunWhereItWasWritten() throws IOException {
    Project project =
        evaluate(
            """
            project 'shop'
            service('api') { image 'shop/api:1' }
            pipeline {
                stage('migrate') { run service: 'api', command: 'python manage.py migrate', timeout: 300 }
                stage('deploy') { deploy(); run service: 'api', command: 'python manage.py check' }
            }
            """,
            Map.of());

    assertEquals(
        List.of(
            new OneOffRun("api", "python manage.py migrate", Optional.of(java.time.Duration.ofSeconds(300)), SourceLocation.at(dir.resolve("deploy.groovy").toString(), 4)),
            ServiceAction.DEPLOY,
            new OneOffRun("api", "python manage.py check", Optional.empty(), SourceLocation.at(dir.resolve("deploy.groovy").toString(), 5))),
        project.pipeline().stages().stream().flatMap(s -> s.actions().stream()).toList());
  }

  @Test
  void evaluate_loopsVariablesMethodsAndSettings_workAsInGroovy() throws IOException {
    Project project =
        evaluate(
            """
            project 'fleet'
            def base = 'redis:'
            def cache(String name, int p) {
                service(name) { image base7(); port p }
            }
            def base7() { 'redis:7' }
            (1..count.toInteger()).each { n -> cache("cache-$n", 6379 + n) }
            service('api') { image "${base}${tag}"; env 'SHARDS', count }
            """,
            Map.of("count", "3", "tag", "7.2"));

    assertEquals(List.of("cache-1", "cache-2", "cache-3", "api"), project.services().stream().map(Service::name).toList());
    assertEquals(6381, project.service("cache-2").orElseThrow().ports().get(0).container());
    assertEquals("redis:7", project.service("cache-1").orElseThrow().image().orElseThrow());
    assertEquals("redis:7.2", project.service("api").orElseThrow().image().orElseThrow());
    assertEquals("3", project.service("api").orElseThrow().env().get("SHARDS"));
  }

  /** An environment that adds a variable must not move the blame for the others to its line. */
  @Test
  void evaluate_envOnSeveralLines_eachVariableKeepsItsLineThroughAnOverride() throws IOException {
    Project project =
        evaluate(
            """
            project 'x'
            service('api') {
                image 'redis:7'
                env A: '1'
                env 'B', '2'
            }
            environments { prod { target compose(); service('api') { env C: '3' } } }
            """,
            Map.of());

    Service api = project.service("api").orElseThrow();
    Service prodApi = api.with(project.environment("prod").orElseThrow().overrides().get(0));
    assertEquals(4, api.envOrigin("A").line());
    assertEquals(5, api.envOrigin("B").line());
    assertEquals(List.of(4, 5, 7), List.of("A", "B", "C").stream().map(k -> prodApi.envOrigin(k).line()).toList());
  }

  /** An override sets what it writes, a default value too, and leaves the rest to the service. */
  @Test
  void evaluate_overrideWritingDefaultValues_overridesOnlyWhatItWrites() throws IOException {
    Project project =
        evaluate(
            """
            project 'x'
            service('api') { image 'redis:7'; port 6379; replicas 3; restart 'always'; rolling true }
            environments { dev { target compose(); service('api') { replicas 1; restart 'unless-stopped'; rolling false } } }
            """,
            Map.of());

    Service api = project.service("api").orElseThrow();
    ServicePatch dev = project.environment("dev").orElseThrow().overrides().get(0);
    Service devApi = api.with(dev);
    assertEquals(Optional.empty(), dev.ports());
    assertEquals(Optional.empty(), dev.image());
    assertEquals(List.of(1, 6379), List.of(devApi.replicas(), devApi.ports().get(0).container()));
    assertEquals(Map.of("restart", "unless-stopped", "rolling", "false"), devApi.targetOptions());
    assertEquals(3, devApi.origin("replicas").line());
  }

  @Test
  void evaluate_commandOnAnImageService_isItsContainerCommandSplitAsAShellWould() throws IOException {
    Project project =
        evaluate("project 'x'\nservice('db') {\n  image 'mongo:7'\n  command 'mongod --bind_ip_all --setParameter \"a b\"'\n}\n", Map.of());

    Service db = project.service("db").orElseThrow();
    assertEquals(Optional.of(List.of("mongod", "--bind_ip_all", "--setParameter", "a b")), db.command());
    assertEquals(4, db.origin("command").line());
  }

  @Test
  void evaluate_realWorldKeywords_buildTheModel() throws IOException {
    Project project =
        evaluate(
            """
            project 'x'
            service('proxy') {
                dockerfile 'proxy/Dockerfile', target: 'prod', args: [NGINX_BASE: 'nginx:1.27']
                port 80, publish: 18080, name: 'http'
                file 'proxy/nginx.conf', '/etc/nginx/nginx.conf'
                network 'front', 'back'
                stopSignal 'SIGQUIT'
                metrics '/'
                health http('/'), interval: 10, timeout: 2, retries: 5, startPeriod: 30, deadline: 90
            }
            service('mongo') {
                image 'mongo:7'
                entrypoint(['docker-entrypoint.sh'])
                command(['mongod', '--bind_ip_all'])
                expose 27017
                port 9216, publish: false, name: 'metrics'
                metrics '/metrics', port: 9216
                envFile 'mongo.env'
                network 'back'
                secret 'db-password', fromEnv: 'MONGO_PASSWORD'
            }
            environments {
                dev { target compose(); service('mongo') { mount 'data', '/seed', readOnly: true } }
            }
            """,
            Map.of());

    Service proxy = project.service("proxy").orElseThrow();
    assertEquals(
        new DockerfileBuild("proxy/Dockerfile", "proxy", Map.of("NGINX_BASE", "nginx:1.27"), Optional.of("prod"), proxy.origin("dockerfile")),
        proxy.dockerfile().orElseThrow());
    assertEquals(List.of(new Port(80, 18080, Optional.of("http"), proxy.origin("port"))), proxy.ports());
    assertEquals(List.of(new ProjectFile("proxy/nginx.conf", "/etc/nginx/nginx.conf", proxy.origin("file"))), proxy.files());
    assertEquals(List.of("front", "back"), proxy.networks());
    assertEquals(Optional.of("SIGQUIT"), proxy.stopSignal());
    HealthCheck health = proxy.health().orElseThrow();
    assertEquals(
        new HealthCheck.Timing(Duration.ofSeconds(10), Duration.ofSeconds(2), 5, Duration.ofSeconds(30)), health.timing());
    assertEquals(Duration.ofSeconds(90), health.deadline());
    Service mongo = project.service("mongo").orElseThrow();
    assertEquals(Optional.of(List.of("docker-entrypoint.sh")), mongo.entrypoint());
    assertEquals(Optional.of(List.of("mongod", "--bind_ip_all")), mongo.command());
    assertEquals(List.of(false, false), mongo.ports().stream().map(Port::isPublished).toList());
    assertEquals(Optional.of(new Metrics("/metrics", 9216, mongo.origin("metrics"))), mongo.metrics());
    assertEquals(Optional.of(new Metrics("/", 80, proxy.origin("metrics"))), new ResolvedEnvironment(project, "dev", project.environment("dev").orElseThrow().target().orElseThrow(), project.services())
        .services().get(0).metrics(),
        "without a port, the first port, decided by resolution");
    assertEquals("DB_PASSWORD_FILE", mongo.secrets().get(0).fileVariable());
    assertEquals("/run/secrets/db-password", mongo.secrets().get(0).mountPath());
    Service devMongo = mongo.with(project.environment("dev").orElseThrow().overrides().get(0));
    assertEquals(List.of("mongo.env"), devMongo.envFiles().stream().map(f -> f.path()).toList());
    assertEquals("data", devMongo.mounts().get(0).source());
    assertTrue(devMongo.mounts().get(0).readOnly());
  }

  @Test
  void evaluate_commandGivenTwice_isALocatedErrorAtTheSecond() {
    Problem problem = problemOf("project 'x'\nservice('db') {\n  image 'mongo:7'\n  command 'a'\n  command(['b'])\n}\n");

    assertEquals(5, problem.location().line(), problem.toString());
    assertEquals("service 'db': command is given twice (first at line 4): keep one", problem.message());
  }

  @Test
  void evaluate_commandInAnOverride_changesTheCommandThere() throws IOException {
    Project project =
        evaluate(
            "project 'x'\nservice('api') { image 'redis:7' }\n"
                + "environments { prod {\n  target compose()\n  service('api') { command 'redis-server --appendonly yes' }\n} }\n",
            Map.of());

    Service prodApi = project.service("api").orElseThrow().with(project.environment("prod").orElseThrow().overrides().get(0));
    assertEquals(Optional.of(List.of("redis-server", "--appendonly", "yes")), prodApi.command());
  }

  @Test
  void evaluate_healthCommand_isAHealthCheckWithOrWithoutTimeout() throws IOException {
    Project project =
        evaluate(
            """
            project 'x'
            service('db') { image 'postgres:16'; health command('pg_isready') }
            service('cache') {
                image 'redis:7'
                def ping = command('redis-cli ping')
                health ping, deadline: 5
            }
            """,
            Map.of());

    assertEquals(
        new HealthCheck.Command("pg_isready", HealthCheck.DEFAULT_DEADLINE), project.service("db").orElseThrow().health().orElseThrow());
    assertEquals(
        new HealthCheck.Command("redis-cli ping", java.time.Duration.ofSeconds(5)),
        project.service("cache").orElseThrow().health().orElseThrow());
  }

  @Test
  void evaluate_unknownKeyword_saysWhereAndSuggests() {
    Problem problem = problemOf("project 'x'\nservice('api') {\n  imgae 'redis:7'\n}\n");
    assertEquals(3, problem.location().line());
    assertEquals("unknown keyword 'imgae' in service 'api' (did you mean 'image'?)", problem.message());
  }

  @Test
  void evaluate_syntaxError_givesLineAndColumn() {
    Problem problem = problemOf("project 'x'\nservice('api') {\n  image('redis:7'))\n}\n");
    assertTrue(problem.message().startsWith("syntax error:"), problem.message());
    assertEquals(3, problem.location().line(), problem.toString());
    assertTrue(problem.location().column() > 0, problem.toString());
  }

  @Test
  void evaluate_blockNotClosedAtTheEnd_namesWhereItOpened() {
    Problem problem = problemOf("project 'x'\nservice('api') {\n  image 'redis:7'\n");

    assertEquals(
        "deploy.groovy:3: unexpected end of file: the block opened at line 2 (service('api') {) is not closed: add its }",
        problem.toString().substring(problem.toString().indexOf("deploy.groovy")));
  }

  /** Groovy blames the outer environments { here, at its own line; the block left open is prod's. */
  @Test
  void evaluate_innerBlockNotClosed_ignoresBracesInStringsAndComments() {
    Problem problem =
        problemOf(
            """
            project 'x'
            service('api') {
                image 'redis:7'
                env A: '{', B: "${'}'}{", C: \"""{
                {\"""
                // {
                /* { */
            }
            environments {
                prod { target compose()
            }
            // the end
            """);

    assertEquals(
        "unexpected end of file: the block opened at line 10 (prod {) is not closed: add its }", problem.message());
    assertEquals(12, problem.location().line());
  }

  @Test
  void evaluate_blockNotClosedWithoutNewlineAtTheEnd_namesTheInnermost() {
    Problem problem = problemOf("project 'x'\nservice('api') {\n  python { source 'api'");

    assertEquals(
        "unexpected end of file: the block opened at line 3 (python {) is not closed: add its }", problem.message());
    assertEquals(3, problem.location().line());
  }

  @Test
  void evaluate_scriptThrows_reportsItsLine() {
    Problem problem = problemOf("project 'x'\n\nthrow new IllegalStateException('boom')\n");
    assertEquals(3, problem.location().line());
    assertEquals("the script failed: boom", problem.message());
  }

  /** The second evaluation of the same text runs cached bytecode: it must behave exactly like the first. */
  @Test
  void evaluate_sameScriptTwice_seesEachRunsSettingsAndLocatesErrors() throws IOException {
    String script =
        """
        project 'shop'
        service('web') { image "nginx:${setting('tag', '1')}" }
        if (setting('fail', 'no') == 'yes') { service('web') { nope 1 } }
        """;

    Project first = evaluate(script, Map.of("tag", "1.25"));
    Project second = evaluate(script, Map.of("tag", "1.27"));
    Problem failure = assertThrows(InvalidInputException.class, () -> evaluate(script, Map.of("fail", "yes"))).problems().get(0);

    assertEquals("nginx:1.25", first.services().get(0).image().orElseThrow());
    assertEquals("nginx:1.27", second.services().get(0).image().orElseThrow());
    assertEquals(3, failure.location().line(), failure.toString());
  }
}
