/**
 * {@code slipway init}: a {@code deploy.groovy} written from what a project already has. A Compose
 * file ({@link dev.slipway.cli.init.ComposeFile}) or a bare Python project ({@link
 * dev.slipway.cli.init.BareProject}) becomes a {@link dev.slipway.cli.init.Draft}, the script in
 * Slipway's terms with a comment wherever the translation changed or dropped something; {@link
 * dev.slipway.cli.init.DeployScriptWriter} turns it into readable Groovy. Start commands are
 * never guessed here: the written script is evaluated and resolved by Slipway itself ({@link
 * dev.slipway.cli.init.StartCommands}).
 */
package dev.slipway.cli.init;
