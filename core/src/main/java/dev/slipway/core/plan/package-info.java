/**
 * From a validated project to a readable DAG of steps: environment resolution, the planner, and
 * the plan's text, JSON and graph forms.
 */
package dev.slipway.core.plan;
