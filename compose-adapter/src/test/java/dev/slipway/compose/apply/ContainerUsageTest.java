package dev.slipway.compose.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Outputs recorded from podman 4.3.1 and from Docker CLI 28 against podman's Docker API. */
class ContainerUsageTest {

  private static final String PODMAN_STATS = """
      [
       {
        "id": "6c58beb98a82",
        "name": "mon-probe1",
        "cpu_time": "55.59719ms",
        "cpu_percent": "2.65%",
        "avg_cpu": "2.65%",
        "mem_usage": "1.54MB / 67.11MB",
        "mem_percent": "2.29%",
        "net_io": "472B / 1.096kB",
        "block_io": "0B / 0B",
        "pids": "1"
       }
      ]
      """;

  private static final String DOCKER_STATS = """
      {"BlockIO":"0B / 0B","CPUPerc":"50.00%","Container":"mon-probe1","ID":"6c58beb98a82","MemPerc":"2.29%","MemUsage":"1.5MiB / 64MiB","Name":"on-probe1","NetIO":"472B / 1.1kB","PIDs":"1"}
      {"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"other","ID":"aaaaaaaaaaaa","MemPerc":"0.00%","MemUsage":"0B / 64MiB","Name":"other","NetIO":"0B / 0B","PIDs":"1"}
      """;

  @Test
  void parseStats_podmanArray_readsDecimalUnitsAndPercentOfOneCore() {
    Map<String, ContainerUsage.Sample> samples = ContainerUsage.parseStats(PODMAN_STATS);

    assertEquals(Map.of("6c58beb98a82", new ContainerUsage.Sample(0.0265, 1_540_000)), samples);
  }

  @Test
  void parseStats_dockerLines_readsBinaryUnitsOfEveryContainer() {
    Map<String, ContainerUsage.Sample> samples = ContainerUsage.parseStats(DOCKER_STATS);

    assertEquals(new ContainerUsage.Sample(0.5, 1_572_864), samples.get("6c58beb98a82"));
    assertEquals(new ContainerUsage.Sample(0, 0), samples.get("aaaaaaaaaaaa"));
  }

  @Test
  void parseStats_warningBeforeTheOutput_isSkipped() {
    assertEquals(1, ContainerUsage.parseStats("WARN[0000] something\n" + PODMAN_STATS).size());
  }

  @Test
  void bytes_unitsOfBothEngines_areConverted() {
    assertEquals(Optional.of(0L), ContainerUsage.bytes("0B"));
    assertEquals(Optional.of(544_800L), ContainerUsage.bytes("544.8kB"));
    assertEquals(Optional.of(2L * 1024 * 1024 * 1024), ContainerUsage.bytes(" 2GiB "));
    assertEquals(Optional.empty(), ContainerUsage.bytes("--"));
  }

  @Test
  void parseInspect_limitsAndStart_readFromHostConfigAndState() {
    String inspect = """
        [{"Id": "6c58beb98a82cd6c", "State": {"StartedAt": "2026-12-02T07:50:26.658392133Z"}, "HostConfig": {"Memory": 67108864, "NanoCpus": 500000000}},
         {"Id": "bbbb", "State": {"StartedAt": "0001-01-01T00:00:00Z"}, "HostConfig": {"Memory": 0, "NanoCpus": 0, "CpuQuota": 25000, "CpuPeriod": 100000}},
         {"Id": "cccc", "State": {}, "HostConfig": {}}]
        """;

    List<ContainerUsage.Inspected> containers = ContainerUsage.parseInspect(inspect);

    assertEquals(List.of(
        new ContainerUsage.Inspected("6c58beb98a82cd6c", Optional.of(Instant.parse("2026-12-02T07:50:26.658392133Z")), Optional.of(0.5), Optional.of(67108864L)),
        new ContainerUsage.Inspected("bbbb", Optional.empty(), Optional.of(0.25), Optional.empty()),
        new ContainerUsage.Inspected("cccc", Optional.empty(), Optional.empty(), Optional.empty())), containers);
  }
}
