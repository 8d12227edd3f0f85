package dev.slipway.cli.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Compose file becomes in the script: the fragments a user reads, and the comments for what changed or was left out. */
class ComposeTranslatorTest {

  @TempDir Path dir;

  // --- the fixtures

  @Test
  void flaskRedis_buildsThePythonAppFromSource_andKeepsPortsAndDependencies() {
    String script = translate(InitFixtures.of("flask-redis"));

    assertContains(script, "python {\n        source '.'\n        version '3.10'\n");
    assertContains(script, "port 5000, publish: 8000\n");
    assertContains(script, "dependsOn 'redis'\n");
    assertContains(script, "image 'redis:alpine'\n");
    assertContains(script, "// from the Dockerfile's ENV\n    env FLASK_APP: 'app.py'\n");
    assertContains(script, "// not translated: Dockerfile RUN apk add --no-cache gcc musl-dev linux-headers");
    assertFalse(script.contains("RUN pip install"), "installing the dependency file is what Slipway's build does:\n" + script);
  }

  @Test
  void nginxFlaskMongo_givesTheConfigAsAFile_exposesMongo_andKeepsNetworksAndEnvFile() {
    String script = translate(InitFixtures.of("nginx-flask-mongo"));

    assertContains(script, "file 'nginx/nginx.conf', '/etc/nginx/nginx.conf'\n");
    assertContains(script, "expose 27017\n");
    assertContains(script, "expose 9091\n");
    assertContains(script, "volume 'mongo-data', '/data/db'\n");
    assertContains(script, "// 'mongo_data' in docker-compose.yml (volume names are DNS labels)");
    assertContains(script, "envFile '.env'\n");
    assertContains(script, "network 'frontend', 'backend'\n");
    assertContains(script, "stopSignal 'SIGINT'\n");
    assertContains(script, "python {\n        source 'api'\n        version '3.11'\n");
  }

  @Test
  void flaskMysql_keepsTheSecretFile_theHealthCheckWithItsTiming_andTheCommand() {
    String script = translate(InitFixtures.of("flask-mysql"));

    assertContains(script, "secret 'db-password', fromFile: 'db/password.txt'\n");
    // $$ is Compose's escape for a dollar the container's shell sees.
    assertContains(script, "health command('mysqladmin ping -h 127.0.0.1 --password=\"$(cat /run/secrets/db-password)\" --silent'), interval: 3, retries: 5, startPeriod: 30\n");
    assertContains(script, "command '--default-authentication-plugin=mysql_native_password'\n");
    assertContains(script, "restart 'always'\n");
    assertContains(script, "dependsOn 'db'\n");
    assertFalse(script.contains("consider secret 'MYSQL_ROOT_PASSWORD_FILE'"), "a *_FILE variable names a file, not a secret:\n" + script);
  }

  @Test
  void djangoPostgres_keepsDefaultedVariablesAsSettings_andMountsTheCodeInDevAtApp() {
    String script = translate(InitFixtures.of("django-postgres"));

    assertContains(script, "env POSTGRES_USER: setting('POSTGRES_USER', 'postgres')\n");
    assertContains(script, "health command('pg_isready -U ${POSTGRES_USER} -d polls'), interval: 5, timeout: 5, retries: 5\n");
    String dev = script.substring(script.indexOf("environments {"));
    assertContains(dev, "service('web') {\n");
    assertContains(dev, "mount '.', '/app'\n");
    assertContains(dev, "mounted it at /code under the Dockerfile's WORKDIR /code; Slipway's image keeps the source at /app");
  }

  @Test
  void fastapiPackage_checksHealthFromPython_andTranslatesLimitsAndTheProjectName() {
    String script = translate(InitFixtures.of("fastapi-package"));

    assertContains(script, "project 'inventory'\n");
    assertContains(script, "// was: curl -f http://localhost:80/health (Slipway's image has no curl or wget: it checks the same URL from Python); deadline: ");
    assertContains(script, "health http('/health', 80), interval: 30, timeout: 10, retries: 3, startPeriod: 10, deadline: 130\n");
    assertContains(script, "resources cpu: '500m', memory: '256Mi'\n");
    assertContains(script, "port 80, publish: 8080\n");
  }

  @Test
  void untranslatable_commentsEachKeyInsideItsService_andListsItWithItsLine() throws IOException {
    Path fixture = InitFixtures.of("untranslatable");
    Draft draft = draft(fixture);
    String script = DeployScriptWriter.write(draft);

    String exporter = block(script, "service('exporter') {");
    for (String key : List.of("privileged: true", "pid: host", "cap_add: [SYS_TIME]", "extra_hosts: [host.docker.internal:host-gateway]", "profiles: [monitoring]")) {
      assertContains(exporter, "    // not translated: " + key + "\n");
    }
    String worker = block(script, "service('worker') {");
    assertContains(worker, "// not translated: ulimits: {nofile: {soft: 20000, hard: 40000}}\n");
    assertContains(worker, "// not translated: labels: {com.example.team: platform}\n");
    assertContains(script, "\n// not translated: x-logging: ");
    assertContains(worker, "secret 'API_TOKEN', fromEnv: 'API_TOKEN'\n");

    List<String> lines = Files.readAllLines(fixture.resolve("docker-compose.yml"));
    Draft.Untranslated privileged = draft.untranslated().stream().filter(u -> u.key().equals("privileged")).findFirst().orElseThrow();
    assertEquals("exporter", privileged.service());
    int line = Integer.parseInt(privileged.location().split(":")[1]);
    assertTrue(lines.get(line - 1).contains("privileged: true"), privileged.location());
    Draft.Untranslated logging = draft.untranslated().stream().filter(u -> u.key().equals("logging")).findFirst().orElseThrow();
    line = Integer.parseInt(logging.location().split(":")[1]);
    assertTrue(lines.get(line - 1).contains("logging: *default-logging"), "the alias's own line, not the anchor's: " + logging.location());
  }

  // --- syntax variants

  @Test
  void ports_shortAndLongSyntax_ranges_hostIps_andUdp() throws IOException {
    String script = translate(compose("""
        services:
          web:
            image: nginx
            ports:
              - 80
              - "8080:8080"
              - "127.0.0.1:9000:90"
              - "7000-7001:7000-7001"
              - target: 443
                published: 8443
                name: https
              - "53:53/udp"
            expose: ["9090", 8080]
        """));

    assertContains(script, "// compose.yaml published it on a host port Docker picked; Slipway publishes it on 80\n    port 80\n");
    assertContains(script, "port 8080\n");
    assertContains(script, "port 90, publish: 9000\n");
    assertContains(script, "port 7000\n    port 7001\n");
    assertContains(script, "port 443, publish: 8443, name: 'https'\n");
    assertContains(script, "// not translated: ports: 53:53/udp (Slipway's ports are TCP)\n");
    assertContains(script, "expose 9090\n");
    assertFalse(script.contains("expose 8080"), "a published port is reachable by other services already:\n" + script);
  }

  @Test
  void environment_listAndMapForms_passThroughs_secretsFromTheShell_andQuoting() throws IOException {
    String script = translate(compose("""
        services:
          web:
            image: app
            environment:
              - PLAIN=it's a \\ path
              - COST=$$5
              - FROM_SHELL
              - DB_PASSWORD=${DB_PASSWORD}
              - MIXED=postgres://${DB_USER:-app}@db/${DB_NAME:-app}
              - HOST=${HOSTNAME_HERE}
          worker:
            image: app
            environment:
              DEBUG: 1
              EMPTY:
              ENABLED: no
        """));

    assertContains(script, "env PLAIN: 'it\\'s a \\\\ path'\n");
    assertContains(script, "env COST: '$5'\n");
    assertContains(script, "// not translated: environment FROM_SHELL (taken from the shell's environment when Compose ran): write env FROM_SHELL: setting('FROM_SHELL', '...')\n");
    assertContains(script, "secret 'DB_PASSWORD', fromEnv: 'DB_PASSWORD'\n");
    assertContains(script, "(/run/secrets/DB_PASSWORD)");
    assertContains(script, "env MIXED: 'postgres://' + setting('DB_USER', 'app') + '@db/' + setting('DB_NAME', 'app')\n");
    assertContains(script, "// not translated: environment HOST (was ${HOSTNAME_HERE} with no default)");
    assertContains(script, "env DEBUG: '1'\n");
    assertContains(script, "env ENABLED: 'no'\n");
    assertContains(script, "// not translated: environment EMPTY");
  }

  @Test
  void dotEnv_givesCompose_sDefaults_beforeThoseInTheFile() throws IOException {
    Files.writeString(dir.resolve(".env"), "TAG=1.25\nWORKERS=4 # comment\n");
    String script = translate(compose("""
        services:
          web:
            image: nginx:${TAG:-latest}
            environment:
              WORKERS: ${WORKERS:-2}
        """));

    assertContains(script, "image 'nginx:' + setting('TAG', '1.25')\n");
    assertContains(script, "env WORKERS: setting('WORKERS', '4')\n");
  }

  @Test
  void envFile_stringListAndLongForms() throws IOException {
    Files.writeString(dir.resolve("common.env"), "A=1\n");
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/web.env"), "B=2\n");
    String script = translate(compose("""
        services:
          one:
            image: app
            env_file: common.env
          two:
            image: app
            env_file:
              - ./common.env
              - path: config/web.env
                required: true
              - path: missing.env
                required: false
        """));

    assertContains(block(script, "service('one') {"), "envFile 'common.env'\n");
    String two = block(script, "service('two') {");
    assertContains(two, "envFile 'common.env'\n    envFile 'config/web.env'\n");
    assertContains(two, "// not translated: env_file: [{path: missing.env, required: false}]".replace("[{path: missing.env, required: false}]", "{path: missing.env, required: false}"));
  }

  @Test
  void dependsOn_conditions_becomeDependenciesAndComments() throws IOException {
    String script = translate(compose("""
        services:
          web:
            image: app
            depends_on:
              db:
                condition: service_started
              cache:
                condition: service_healthy
              migrate:
                condition: service_completed_successfully
          db:
            image: postgres:16
            healthcheck:
              test: pg_isready
          cache:
            image: redis:7
            healthcheck:
              test: ["CMD", "redis-cli", "ping"]
          migrate:
            image: app
            command: python manage.py migrate
        """));

    String web = block(script, "service('web') {");
    assertContains(web, "// Slipway waits for 'db' to pass its health check; compose.yaml only waited for it to start\n    dependsOn 'db'\n");
    assertContains(web, "    dependsOn 'cache'\n");
    assertFalse(web.contains("dependsOn 'migrate'"), web);
    assertContains(web, "compose.yaml started this after 'migrate' ran to completion: in Slipway that is a pipeline run stage");
    String migrate = block(script, "service('migrate') {");
    assertContains(migrate, "restart 'no'\n");
    assertContains(migrate, "command 'python manage.py migrate'\n");
    assertContains(block(script, "service('cache') {"), "health command('redis-cli ping')\n");
    assertContains(block(script, "service('db') {"), "health command('pg_isready')\n");
  }

  @Test
  void healthcheck_durationsRoundUp_andNoneIsNotTranslated() throws IOException {
    String script = translate(compose("""
        services:
          a:
            image: app
            healthcheck:
              test: ["CMD", "check", "--name", "two words"]
              interval: 1m30s
              timeout: 500ms
              start_interval: 1s
          b:
            image: app
            healthcheck:
              test: ["NONE"]
          c:
            image: app
            healthcheck:
              disable: true
        """));

    assertContains(script, "// timeout 500ms rounded up to whole seconds; deadline: how long a deploy waits, enough for the start period and every retry\n"
            + "    health command('check --name \\'two words\\''), interval: 90, timeout: 1, deadline: 273\n");
    assertContains(script, "// not translated: healthcheck.start_interval: 1s\n");
    assertContains(block(script, "service('b') {"), "// not translated: healthcheck.test: [NONE]");
    assertContains(block(script, "service('c') {"), "// not translated: healthcheck.disable: true");
  }

  @Test
  void healthcheck_thatOutlastsTheDefaultWait_getsADeadline() throws IOException {
    String script = translate(compose("""
        services:
          db:
            image: postgres:16
            healthcheck:
              test: pg_isready
              interval: 30s
              timeout: 10s
              retries: 5
              start_period: 60s
        """));

    assertContains(script, "// deadline: how long a deploy waits, enough for the start period and every retry\n"
        + "    health command('pg_isready'), interval: 30, timeout: 10, retries: 5, startPeriod: 60, deadline: 260\n");
  }

  @Test
  void portNames_becomeWhatKubernetesTakes_andAMissingMountSourceIsSaid() throws IOException {
    String script = translate(compose("""
        services:
          web:
            image: app
            ports:
              - target: 80
                published: 8080
                name: Web_Traffic_Port_Main
            volumes:
              - ./data/uploads:/uploads
        """));

    assertContains(script, "port 80, publish: 8080, name: 'web-traffic-por'\n");
    assertContains(script, "// data/uploads does not exist yet (Compose creates it; Slipway wants it there): create it before deploying\n"
        + "            mount 'data/uploads', '/uploads'\n");
  }

  @Test
  void build_ofAnotherLanguage_isADockerfileBuild_withItsOptions() throws IOException {
    Files.createDirectories(dir.resolve("proxy/docker"));
    Files.writeString(dir.resolve("proxy/docker/Dockerfile.prod"), "ARG NGINX=1.27\nFROM nginx:${NGINX} AS base\nFROM base AS prod\nCOPY site /usr/share/nginx/html\n");
    Files.createDirectories(dir.resolve("web"));
    Files.writeString(dir.resolve("web/Dockerfile"), "FROM node:20\nCMD [\"node\", \"server.js\"]\n");
    String script = translate(compose("""
        services:
          proxy:
            build:
              context: proxy
              dockerfile: docker/Dockerfile.prod
              target: prod
              args:
                NGINX: "1.27"
                REVISION: ${GIT_SHA:-dev}
              cache_from: [nginx:1.27]
          web:
            build: ./web
            image: example/web:latest
            command: ["node", "server.js", "--port", "3000"]
            entrypoint: /usr/local/bin/docker-entrypoint.sh
        """));

    assertContains(script, "dockerfile 'proxy/docker/Dockerfile.prod', context: 'proxy', target: 'prod', args: [NGINX: '1.27', REVISION: setting('GIT_SHA', 'dev')]\n");
    assertContains(script, "// not translated: build.cache_from: [nginx:1.27]\n");
    String web = block(script, "service('web') {");
    assertContains(web, "dockerfile 'web/Dockerfile'\n");
    assertContains(web, "compose.yaml named the built image 'example/web:latest'");
    assertContains(web, "entrypoint '/usr/local/bin/docker-entrypoint.sh'\n    command(['node', 'server.js', '--port', '3000'])\n");
  }

  @Test
  void pythonBuild_withBuildArgs_staysADockerfileBuild() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "ARG PY=3.12\nFROM python:${PY}-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n");
    Files.writeString(dir.resolve("requirements.txt"), "flask\n");
    String script = translate(compose("""
        services:
          app:
            build:
              context: .
              args: [PY=3.11]
        """));

    assertContains(script, "// a Python app kept as a Dockerfile build: a python { } block has no build args or target\n");
    assertContains(script, "dockerfile 'Dockerfile', args: [PY: '3.11']\n");
  }

  @Test
  void pythonBuild_readsTheDockerfile_forVersionRequirementsEnvAndCommand() throws IOException {
    Files.createDirectories(dir.resolve("svc/requirements"));
    Files.writeString(dir.resolve("svc/requirements/prod.txt"), "gunicorn\n");
    Files.writeString(dir.resolve("svc/Dockerfile"), """
        FROM python:3.11.9-slim-bookworm AS runtime
        ENV PYTHONUNBUFFERED=1 APP_MODE="production" \\
            PATH=/opt/venv/bin:$PATH
        WORKDIR /srv
        WORKDIR app
        COPY requirements requirements
        RUN pip install --no-cache-dir -r requirements/prod.txt gunicorn==22.0.0
        RUN python manage.py collectstatic --noinput
        ENTRYPOINT ["./entrypoint.sh"]
        CMD ["gunicorn", "site.wsgi"]
        """);
    Draft draft = draft(compose("""
        services:
          svc:
            build: svc
            volumes:
              - ./svc/static:/srv/app/static
        """));
    Draft.Python python = (Draft.Python) draft.services().get(0).build();

    assertEquals("svc", python.source());
    assertEquals("3.11", python.version().orElseThrow());
    assertEquals("svc/requirements/prod.txt", python.requirements().orElseThrow());
    assertEquals(new Draft.AuthorCommand("./entrypoint.sh gunicorn site.wsgi", "the Dockerfile's ENTRYPOINT and CMD"), python.authorCommand().orElseThrow());
    String script = DeployScriptWriter.write(draft);
    assertContains(script, "env APP_MODE: 'production'\n");
    assertFalse(script.contains("PYTHONUNBUFFERED"), "Slipway's image sets it:\n" + script);
    assertContains(script, "// not translated: Dockerfile ENV PATH=/opt/venv/bin:$PATH (Slipway's image sets its own)\n");
    assertContains(script, "// not translated: Dockerfile RUN pip install --no-cache-dir -r requirements/prod.txt gunicorn==22.0.0");
    assertContains(script, "// not translated: Dockerfile RUN python manage.py collectstatic --noinput");
    assertContains(script, "mount 'svc/static', '/app/static'\n");
    assertTrue(draft.untranslated().contains(new Draft.Untranslated("svc", "RUN", "python manage.py collectstatic --noinput", "svc/Dockerfile")), draft.untranslated().toString());
  }

  @Test
  void bindMounts_aFileBecomesAProjectFile_aDirectoryADevMount() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/app.ini"), "[app]\n");
    Files.writeString(dir.resolve("script.sh"), "echo\n");
    String script = translate(compose("""
        services:
          web:
            image: app
            volumes:
              - ./conf/app.ini:/etc/app.ini
              - ./script.sh:/usr/local/bin/script.sh:ro
              - ./conf:/conf:ro,z
              - /var/run/docker.sock:/var/run/docker.sock
              - type: bind
                source: ./conf
                target: /more
                read_only: true
              - type: tmpfs
                target: /tmp
              - /data
              - cache:/cache:ro
        volumes:
          cache:
            external: true
        """));

    assertContains(script, "// read-write in compose.yaml; a project file is read-only\n    file 'conf/app.ini', '/etc/app.ini'\n");
    assertContains(script, "file 'script.sh', '/usr/local/bin/script.sh'\n");
    assertContains(script, "// not translated: volumes /conf mode z: ./conf:/conf:ro,z\n");
    assertContains(script, "// not translated: volumes /tmp: {type: tmpfs, target: /tmp}\n");
    assertContains(script, "// not translated: volumes: /data (an anonymous volume: give it a name to keep its data)\n");
    assertContains(script, "// mounted read-only in compose.yaml, read-write here\n    volume 'cache', '/cache'\n");
    assertContains(script, "\n// not translated: volumes.cache.external: true\n");
    String dev = script.substring(script.indexOf("environments {"));
    assertContains(dev, "mount 'conf', '/conf', readOnly: true\n");
    assertContains(dev, "mount '/var/run/docker.sock', '/var/run/docker.sock'\n");
    assertContains(dev, "mount 'conf', '/more', readOnly: true\n");
  }

  @Test
  void secretsAndConfigs_longSyntax_targets_andSources() throws IOException {
    Files.writeString(dir.resolve("api_key.txt"), "k\n");
    Files.writeString(dir.resolve("site.conf"), "x\n");
    String script = translate(compose("""
        services:
          web:
            image: app
            secrets:
              - source: api_key
                target: service-api-key
                mode: 0400
              - source: token
                target: /etc/token
            configs:
              - source: site
                target: /etc/nginx/conf.d/site.conf
              - remote
        secrets:
          api_key:
            file: ./api_key.txt
          token:
            environment: GITHUB_TOKEN
        configs:
          site:
            file: ./site.conf
          remote:
            external: true
        """));

    assertContains(script, "secret 'service-api-key', fromFile: 'api_key.txt'\n");
    assertContains(script, "// not translated: secrets.api_key.mode: 0400\n");
    assertContains(script, "secret 'token', fromEnv: 'GITHUB_TOKEN'\n");
    assertContains(script, "(Slipway puts every secret at /run/secrets/NAME)");
    assertContains(script, "// config 'site' in compose.yaml\n    file 'site.conf', '/etc/nginx/conf.d/site.conf'\n");
    assertContains(script, "// not translated: configs.remote: {external: true} (only file: configs become a project file)\n");
  }

  @Test
  void networks_mapFormAndDefault_restartWithCount_deployOptions_andNames() throws IOException {
    String script = translate(compose("""
        name: My_Shop
        services:
          Web_App:
            image: app
            networks:
              front:
                aliases: [www]
              back_end: {}
            restart: on-failure:3
            deploy:
              replicas: 3
              resources:
                limits: {cpus: 2, memory: 1.5g}
                reservations: {memory: 128m}
              placement:
                constraints: [node.role == manager]
          worker:
            image: app
            networks: [default]
            depends_on: [Web_App]
            scale: 2
        networks:
          front:
            driver: bridge
          back_end:
            driver: overlay
        """));

    assertContains(script, "project 'my-shop'\n");
    assertContains(script, "service('web-app') {\n    // named 'Web_App' in compose.yaml, which is not a DNS label: other services now reach it as 'web-app'\n");
    assertContains(script, "network 'front', 'back-end'\n");
    assertContains(script, "// not translated: networks.front.aliases: [www]\n");
    assertContains(script, "restart 'on-failure'\n");
    assertContains(script, "// not translated: restart: on-failure:3 (Slipway's on-failure has no retry count)\n");
    assertContains(script, "replicas 3\n");
    assertContains(script, "resources cpu: '2', memory: '1536Mi'\n");
    assertContains(script, "// not translated: deploy.resources.reservations: {memory: 128m}\n");
    assertContains(script, "// not translated: deploy.placement: {constraints: [node.role == manager]}\n");
    assertContains(script, "\n// not translated: networks.back_end.driver: overlay\n");
    String worker = block(script, "service('worker') {");
    assertFalse(worker.contains("network"), worker);
    assertContains(worker, "dependsOn 'web-app'\n");
    assertContains(worker, "replicas 2\n");
  }

  @Test
  void mergeKeys_areApplied_keysWrittenInTheMapWin() throws IOException {
    String script = translate(compose("""
        x-app: &app
          image: app:1
          restart: always
          environment:
            MODE: shared
        services:
          a:
            <<: *app
            restart: "no"
          b:
            <<: *app
        """));

    assertContains(block(script, "service('a') {"), "image 'app:1'\n    env MODE: 'shared'\n    restart 'no'\n");
    assertContains(block(script, "service('b') {"), "restart 'always'\n");
    assertContains(script, "// not translated: x-app: ");
  }

  // --- errors

  @Test
  void brokenYaml_isAnErrorAtItsLineAndColumn() throws IOException {
    Path file = compose("""
        services:
          web:
            image: app
           ports: ["80:80"]
        """);

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> ComposeFile.read(file, "compose.yaml"));

    assertEquals(1, error.problems().size());
    String line = error.problems().get(0).toString();
    assertTrue(line.startsWith("compose.yaml:4:"), line);
    assertTrue(line.contains("not valid YAML: "), line);
  }

  @Test
  void aValueOfTheWrongShape_isAnErrorAtItsLine() throws IOException {
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> draft(compose("""
        services:
          web:
            image: app
            ports:
              - "eighty:80"
        """)));

    assertEquals("compose.yaml:5:9: 'eighty' is not a port number (write e.g. \"8000:5000\")", error.problems().get(0).toString());
  }

  @Test
  void aFileWithoutServices_isAnError() throws IOException {
    InvalidInputException error = assertThrows(InvalidInputException.class, () -> draft(compose("volumes:\n  data:\n")));

    assertEquals("compose.yaml:1:1: has no services: nothing to translate", error.problems().get(0).toString());
  }

  // --- helpers

  private Path compose(String text) throws IOException {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, text);
    return file;
  }

  private Draft draft(Path composeOrDir) {
    Path file = Files.isDirectory(composeOrDir) ? ComposeFile.find(composeOrDir).orElseThrow() : composeOrDir;
    return ComposeTranslator.translate(ComposeFile.read(file, file.getFileName().toString()), file.getParent());
  }

  private String translate(Path composeOrDir) {
    return DeployScriptWriter.write(draft(composeOrDir));
  }

  /** The service block that starts with {@code opening}, up to its closing brace. */
  static String block(String script, String opening) {
    int start = script.indexOf(opening);
    assertTrue(start >= 0, "no " + opening + " in:\n" + script);
    return script.substring(start, script.indexOf("\n}\n", start) + 3);
  }

  static void assertContains(String text, String fragment) {
    assertTrue(text.contains(fragment), "expected\n" + fragment + "\nin:\n" + text);
  }
}
