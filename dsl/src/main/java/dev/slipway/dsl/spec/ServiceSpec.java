package dev.slipway.dsl.spec;

import dev.slipway.core.model.HealthCheck;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import java.util.List;
import java.util.Map;

/** Inside {@code service('name') { ... }}, and inside an environment's override of a service. */
public interface ServiceSpec {

  @Usage("python { version '3.12'; source 'api' }")
  void python(@DelegatesTo(value = PythonSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);

  @Usage("image 'postgres:16'")
  void image(String reference);

  /** A service that is not Python, built by the local engine from its own Dockerfile. */
  @Usage("dockerfile 'proxy/Dockerfile'  or  dockerfile 'proxy/Dockerfile', context: 'proxy', target: 'prod', args: [KEY: 'v']")
  void dockerfile(String dockerfile);

  @Usage("dockerfile 'proxy/Dockerfile', context: 'proxy', target: 'prod', args: [KEY: 'v']")
  void dockerfile(Map<String, ?> options, String dockerfile);

  /** An image or Dockerfile service's command, as words; a string is split as a shell would, without a shell. */
  @Usage("command(['mongod', '--bind_ip_all'])")
  void command(List<String> words);

  @Usage("entrypoint 'docker-entrypoint.sh'  or  entrypoint(['sh', '-c'])")
  void entrypoint(String entrypoint);

  @Usage("entrypoint(['sh', '-c'])")
  void entrypoint(List<String> words);

  @Usage("stopSignal 'SIGINT'")
  void stopSignal(String signal);

  /** Where the service serves Prometheus metrics, for a scraper; the port is one of its ports (default: its first). */
  @Usage("metrics '/metrics'  or  metrics '/metrics', port: 9100")
  void metrics(String path);

  @Usage("metrics '/metrics', port: 9100")
  void metrics(Map<String, ?> options, String path);

  @Usage("envFile '.env'")
  void envFile(String path);

  @Usage("expose 27017  or  expose 27017, name: 'mongo'")
  void expose(int port);

  @Usage("expose 9090, name: 'metrics'")
  void expose(Map<String, ?> options, int port);

  @Usage("file 'nginx/nginx.conf', '/etc/nginx/nginx.conf'")
  void file(String source, String target);

  @Usage("mount '.', '/code'  or  mount 'data', '/data', readOnly: true  (development, Compose only)")
  void mount(String source, String target);

  @Usage("mount '.', '/code', readOnly: true")
  void mount(Map<String, ?> options, String source, String target);

  @Usage("network 'backend'  or  network 'front', 'back'")
  void network(String... networks);

  @Usage("port 8000  or  port 8000, publish: 18080 (or false), name: 'http'")
  void port(int port);

  @Usage("port 8000  or  port 8000, publish: 18080 (or false), name: 'http'")
  void port(Map<String, ?> options, int port);

  @Usage("health http('/healthz')  or  health tcp(5432), interval: 10, timeout: 5, retries: 3, startPeriod: 30, deadline: 120")
  void health(HealthCheck check);

  @Usage("health http('/healthz'), interval: 10, timeout: 5, retries: 3, startPeriod: 30, deadline: 120")
  void health(Map<String, ?> options, HealthCheck check);

  @Usage("http('/healthz')  or  http('/healthz', 8000)")
  HealthCheck http(String path);

  @Usage("http('/healthz', 8000)")
  HealthCheck http(String path, int port);

  @Usage("tcp(5432)")
  HealthCheck tcp(int port);

  /**
   * A health check for {@link #health}, or, written as a statement of its own, an image or
   * Dockerfile service's command (Groovy cannot tell the two apart until the block ends); a
   * Python service's start command goes inside {@code python { }}.
   */
  @Usage("health command('pg_isready -U postgres')  or  command 'mongod --bind_ip_all'")
  HealthCheck command(String command);

  @Usage("env DATABASE_URL: 'postgresql://db/shop'  or  env 'KEY', 'value'")
  void env(Map<String, ?> variables);

  @Usage("env 'KEY', 'value'")
  void env(String key, Object value);

  @Usage("secret 'DB_PASSWORD', fromEnv: 'SHOP_DB_PASSWORD'  or  fromFile: 'secrets/db.txt'")
  void secret(Map<String, ?> source, String name);

  @Usage("dependsOn 'db'  or  dependsOn 'db', 'redis'")
  void dependsOn(String... services);

  @Usage("volume 'pgdata', '/var/lib/postgresql/data'  or  volume 'pgdata', '/data', size: '10Gi'")
  void volume(String name, String path);

  @Usage("volume 'pgdata', '/data', size: '10Gi'")
  void volume(Map<String, ?> options, String name, String path);

  @Usage("test { pytest 'api/tests' }")
  void test(@DelegatesTo(value = TestSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);

  @Usage("replicas 3")
  void replicas(int count);

  @Usage("autoscale min: 3, max: 10, cpu: 70")
  void autoscale(Map<String, ?> options);

  @Usage("resources cpu: '500m', memory: '512Mi'")
  void resources(Map<String, ?> options);

  /** Compose's restart policy: a target option, checked by the Compose target, ignored by others. */
  @Usage("restart 'unless-stopped'  (no, always, on-failure, unless-stopped)")
  void restart(String policy);

  /** Compose's start-new-then-stop-old update: a target option, read by the Compose target only. */
  @Usage("rolling true")
  void rolling(boolean rolling);
}
