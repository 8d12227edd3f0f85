/**
 * Finds a Python application's start command from its source, with the reason and warnings the
 * plan shows: the author's own statements first (Procfile, {@code [project.scripts]},
 * Dockerfile), then Django, Flask, FastAPI and Starlette apps, with the server the dependencies
 * install ({@link dev.slipway.core.detect.StartCommandDetector}); turns the {@code python { }}
 * block's {@code workers} and {@code timeout} into that server's options ({@link
 * dev.slipway.core.detect.ServerOptions}); and checks that the command serves on the service's
 * port, on an address other containers reach ({@link dev.slipway.core.detect.ListenCheck}).
 *
 * <p>Python source is read with patterns over code whose comments and docstrings are blanked out
 * ({@code PythonSource}), not with a Python parser: Slipway runs no Python to plan.
 */
package dev.slipway.core.detect;
