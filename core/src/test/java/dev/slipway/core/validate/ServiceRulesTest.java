package dev.slipway.core.validate;

import static dev.slipway.core.model.TestModel.project;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRulesTest {

  @TempDir Path base;

  private final Service api = service("api").image("acme/api:1").resources("lots", null).build();

  private Project shop() {
    return project("shop", base, new TargetSpec("compose", Map.of(), TestModel.HERE), api);
  }

  @Test
  void check_oneService_reportedUnderTheSubjectGiven() {
    List<Problem> problems = new ArrayList<>();

    ServiceRules.check(shop(), api, new ServiceReport(api, "service 'api' in environment 'prod'", new HashSet<>(), problems));

    assertEquals(
        List.of("deploy.groovy:1: service 'api' in environment 'prod': cpu 'lots' is not a quantity like '500m' or '2'"),
        problems.stream().map(Problem::toString).toList());
  }

  @Test
  void check_sameServiceThroughASecondReport_findingReportedOnce() {
    List<Problem> problems = new ArrayList<>();
    Set<ServiceReport.Finding> reported = new HashSet<>();

    ServiceRules.check(shop(), api, new ServiceReport(api, "service 'api'", reported, problems));
    ServiceRules.check(shop(), api, new ServiceReport(api, "service 'api' in environment 'prod'", reported, problems));

    assertEquals(
        List.of("deploy.groovy:1: service 'api': cpu 'lots' is not a quantity like '500m' or '2'"),
        problems.stream().map(Problem::toString).toList());
  }
}
