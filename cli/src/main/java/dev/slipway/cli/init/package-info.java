/**
 * {@code slipway init}: a {@code deploy.groovy} written from what a project already has. A Compose
 * file ({@link dev.slipway.cli.init.ComposeFile}, read node by node so every complaint has a
 * line) is translated service by service ({@link dev.slipway.cli.init.ComposeTranslator}, {@link
 * dev.slipway.cli.init.ServiceTranslation}); a folder without one becomes one Python service
 * ({@link dev.slipway.cli.init.BareProject}). Either way the result is a {@link
 * dev.slipway.cli.init.Draft}, the script in Slipway's terms with a comment wherever the
 * translation changed or left something out, which {@link dev.slipway.cli.init.DeployScriptWriter}
 * turns into readable Groovy. Start commands are never guessed here: the script is evaluated and
 * resolved by Slipway itself ({@link dev.slipway.cli.init.StartCommands}), and a {@code command}
 * is written only where that differs from what the original ran.
 */
package dev.slipway.cli.init;
