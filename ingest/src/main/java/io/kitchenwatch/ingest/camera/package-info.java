/**
 * Cameras that do not publish snapshots themselves: {@code StreamPuller} takes a JPEG every interval from an RTSP,
 * HTTP or file stream with FFmpeg and hands it on exactly as if the camera had published it.
 */
package io.kitchenwatch.ingest.camera;
