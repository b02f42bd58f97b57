/**
 * Analysis of camera snapshots with OpenCV: measuring a frame, camera health against the camera's own baseline,
 * motion, people counts, after-hours activity, and the cabinet lights and doors a disinfection-line camera watches. Each
 * condition needs several frames in a row to raise or clear. CPU-bound and blocking, holds native memory; no I/O.
 */
package io.kitchenwatch.analytics.camera;
