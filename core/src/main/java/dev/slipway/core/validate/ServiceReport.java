package dev.slipway.core.validate;

import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.Problem;
import java.util.List;
import java.util.Set;

/**
 * Where one service's problems go, each written as its subject ({@code service 'api'}, or
 * {@code service 'api' in environment 'prod'}) followed by the detail. A finding already
 * reported is dropped, so one bad line yields one error.
 */
final class ServiceReport {

  /** A rule broken by one service at one place, whichever environment it was found through. */
  record Finding(String service, SourceLocation where, String detail) {}

  private final String service;
  private final String subject;
  private final Set<Finding> reported;
  private final List<Problem> problems;

  /** @param reported shared by every report of one validation, base services and environments alike */
  ServiceReport(Service service, String subject, Set<Finding> reported, List<Problem> problems) {
    this.service = service.name();
    this.subject = subject;
    this.reported = reported;
    this.problems = problems;
  }

  /** @param detail the message after the subject, e.g. {@code ": restart 'x' is not one of ..."} */
  void add(SourceLocation where, String detail) {
    if (reported.add(new Finding(service, where, detail))) {
      problems.add(new Problem(where, subject + detail));
    }
  }
}
