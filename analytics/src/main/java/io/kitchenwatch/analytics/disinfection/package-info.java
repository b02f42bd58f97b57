/**
 * Verification of disinfection batches: {@code BatchTracker} follows each cabinet's batches on event time (time held
 * at or above the method's threshold, restarted by a door opening; reading gaps; abandonment) and ends each with a
 * verdict and its evidence. Only a compliant batch may be shipped. Pure, no I/O.
 */
package io.kitchenwatch.analytics.disinfection;
