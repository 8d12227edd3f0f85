package dev.slipway.dsl.spec;

import dev.slipway.core.model.HealthCheck;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import java.util.Map;

/** Inside {@code service('name') { ... }}, and inside an environment's override of a service. */
public interface ServiceSpec {

  @Usage("python { version '3.12'; source 'api' }")
  void python(@DelegatesTo(value = PythonSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body);

  @Usage("image 'postgres:16'")
  void image(String reference);

  @Usage("port 8000  or  port 8000, publish: 18080")
  void port(int port);

  @Usage("port 8000  or  port 8000, publish: 18080")
  void port(Map<String, ?> options, int port);

  @Usage("health http('/healthz')  or  health tcp(5432), timeout: 60")
  void health(HealthCheck check);

  @Usage("health http('/healthz'), timeout: 60")
  void health(Map<String, ?> options, HealthCheck check);

  @Usage("http('/healthz')  or  http('/healthz', 8000)")
  HealthCheck http(String path);

  @Usage("http('/healthz', 8000)")
  HealthCheck http(String path, int port);

  @Usage("tcp(5432)")
  HealthCheck tcp(int port);

  /**
   * A health check for {@link #health}, never a statement of its own: a service's start command
   * goes inside {@code python { }}, and a bare {@code command 'x'} here is an error.
   */
  @Usage("health command('pg_isready -U postgres')")
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
