/**
 * Presentation views: what the CLI prints and plans (tables, function and rollout views, event and log lines,
 * deploy progress, rollback plans). Pure: no client, no picocli.
 */
package dev.quiver.cli.view;
