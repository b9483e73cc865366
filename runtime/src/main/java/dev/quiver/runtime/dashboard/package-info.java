/**
 * The web dashboard the runtime serves on its own port ({@code quiver.dashboard.*}): the UI's static files, and
 * the {@code /api/v1} JSON API over a {@link dev.quiver.runtime.dashboard.DashboardSource}, one per platform. The
 * HTTP contract is in the notes ({@code DASHBOARD-API.md}) and docs/decisions.md, section "Dashboard".
 */
package dev.quiver.runtime.dashboard;
