package dev.slipway.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.event.Event;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.DeployLock;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCheckupTest {

  @TempDir Path stateDir;

  private final List<String> warnings = new ArrayList<>();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    started.forEach(Process::destroyForcibly);
  }

  private ReleaseStore storeWithSucceededRelease() {
    ReleaseStore store = new FileReleaseStore(stateDir);
    Rendering rendering = new Rendering(List.of(new RenderedFile("compose.yaml", "services: {}\n")));
    store.save(store.start(Optional.empty(), Map.of("web", "web:1"), rendering).finished(Release.SUCCEEDED, ""));
    return store;
  }

  /** Release 2 as a deploy by {@code owner} left it: started, never finished. */
  private static Release inProgress(ReleaseStore store, Optional<ProcessId> owner) {
    Release release = new Release(2, java.time.Instant.now(), Optional.empty(), Map.of("web", "web:2"), Release.IN_PROGRESS, "", owner);
    store.save(release);
    return release;
  }

  private long gonePid() throws IOException, InterruptedException {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  private long livePid() throws IOException {
    Process live = new ProcessBuilder("sleep", "60").start();
    started.add(live);
    return live.pid();
  }

  private void check() {
    check(DeployState.inFiles(stateDir));
  }

  private void check(DeployState state) {
    ReleaseCheckup.run(state, event -> warnings.add(((Event.Warning) event).message()));
  }

  @Test
  void start_recordsThisProcessAsTheOwner() {
    ReleaseStore store = storeWithSucceededRelease();

    assertEquals(Optional.of(ProcessId.current()), store.find(1).orElseThrow().owner());
  }

  @Test
  void releaseInProgress_whoseDeployIsGone_isMarkedInterrupted_inOneLine() throws Exception {
    ReleaseStore store = storeWithSucceededRelease();
    ProcessId owner = new ProcessId(gonePid(), ProcessId.thisHost());
    inProgress(store, Optional.of(owner));

    check();

    assertEquals(List.of("release 2 was interrupted (its deploy, pid " + owner.pid() + " on " + owner.host() + ", is gone)"), warnings);
    Release marked = store.find(2).orElseThrow();
    assertEquals(Release.INTERRUPTED, marked.outcome());
    assertEquals("its deploy, pid " + owner.pid() + " on " + owner.host() + ", stopped before it finished", marked.detail());
    warnings.clear();
    check();
    assertEquals(List.of(), warnings, "said once");
  }

  @Test
  void releaseInProgress_whoseDeployRuns_orRunsOnAnotherHost_isLeftInProgress() throws Exception {
    ReleaseStore store = storeWithSucceededRelease();
    inProgress(store, Optional.of(new ProcessId(livePid(), ProcessId.thisHost())));
    check();
    assertEquals(Release.IN_PROGRESS, store.find(2).orElseThrow().outcome());

    inProgress(store, Optional.of(new ProcessId(gonePid(), "build-agent-7")));
    check();
    assertEquals(Release.IN_PROGRESS, store.find(2).orElseThrow().outcome(), "a process on another host is never second-guessed");
    assertEquals(List.of(), warnings);
  }

  /** Records written before owners were recorded: only the lock can say whether their deploy may still run. */
  @Test
  void releaseInProgress_withoutOwner_isInterruptedUnlessSomeoneHoldsTheLock() throws Exception {
    ReleaseStore store = storeWithSucceededRelease();
    inProgress(store, Optional.empty());
    Path lock = DeployLock.file(stateDir);
    Files.writeString(lock, "pid=" + livePid() + "\nhost=" + ProcessId.thisHost() + "\nsince=2026-01-01T00:00:00Z\n");
    check();
    assertEquals(Release.IN_PROGRESS, store.find(2).orElseThrow().outcome());

    Files.delete(lock);
    check();
    assertEquals(List.of("release 2 was interrupted (its deploy is gone: no other deploy holds the lock)"), warnings);
    assertEquals(Release.INTERRUPTED, store.find(2).orElseThrow().outcome());
  }

  /** A state whose lock expires (a lease), over files, with whoever the test says holds the lock. */
  private DeployState expiringLock(Optional<String> otherHolder) {
    return new DeployState() {
      @Override
      public ReleaseStore releases() {
        return new FileReleaseStore(stateDir);
      }

      @Override
      public EnvironmentLock lock() {
        throw new UnsupportedOperationException("the checkup only asks who holds the lock");
      }

      @Override
      public Optional<String> otherHolder() {
        return otherHolder;
      }

      @Override
      public boolean lockExpires() {
        return true;
      }
    };
  }

  /** With a lock that expires, a free lock proves that a deploy elsewhere is over. */
  @Test
  void releaseInProgress_ofAnotherHost_withALockThatExpires_isInterruptedOnceNobodyHoldsTheLock() throws Exception {
    ReleaseStore store = storeWithSucceededRelease();
    ProcessId elsewhere = new ProcessId(livePid(), "build-agent-7");
    inProgress(store, Optional.of(elsewhere));

    check(expiringLock(Optional.of("root@build-agent-7 pid " + elsewhere.pid())));
    assertEquals(Release.IN_PROGRESS, store.find(2).orElseThrow().outcome(), "its deploy holds the lock: it runs");

    check(expiringLock(Optional.empty()));
    assertEquals(List.of("release 2 was interrupted (its deploy, " + elsewhere + ", is gone: nobody holds the lock)"), warnings);
    assertEquals(Release.INTERRUPTED, store.find(2).orElseThrow().outcome());
  }

  /** A process of this host is judged by whether it runs, whatever the lock says: a lease outlives its holder for a while. */
  @Test
  void releaseInProgress_ofThisHost_withALockThatExpires_isJudgedByItsProcess() throws Exception {
    ReleaseStore store = storeWithSucceededRelease();
    inProgress(store, Optional.of(new ProcessId(livePid(), ProcessId.thisHost())));
    check(expiringLock(Optional.empty()));
    assertEquals(Release.IN_PROGRESS, store.find(2).orElseThrow().outcome(), "its process runs");

    ProcessId gone = new ProcessId(gonePid(), ProcessId.thisHost());
    inProgress(store, Optional.of(gone));
    check(expiringLock(Optional.of("pid " + gone.pid() + ", until its lease expires")));
    assertEquals(Release.INTERRUPTED, store.find(2).orElseThrow().outcome());
  }

  @Test
  void releaseInProgress_ofThisProcess_isNeverInterrupted() {
    ReleaseStore store = storeWithSucceededRelease();
    inProgress(store, Optional.of(ProcessId.current()));

    check(expiringLock(Optional.empty()));

    assertEquals(Release.IN_PROGRESS, store.find(2).orElseThrow().outcome());
    assertEquals(List.of(), warnings);
  }
}
