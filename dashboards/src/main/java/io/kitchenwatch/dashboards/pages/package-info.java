/**
 * The dashboards' pages: routes that serve {@code webroot/} and the uPlot WebJar from the jar. Pages hold no data;
 * they call the API with the login's token, so a person sees exactly what the API lets that token see.
 */
package io.kitchenwatch.dashboards.pages;
