package io.kitchenwatch.devices.wire;

/** Cheap structural check of a JPEG: SOI marker first, EOI marker at the end (some cameras pad a few bytes). */
final class JpegSignature {
    private static final int MIN_JPEG_BYTES = 107;
    private static final int END_PADDING_ALLOWED = 32;

    private JpegSignature() {
    }

    static boolean looksLikeJpeg(byte[] b) {
        if (b.length < MIN_JPEG_BYTES || (b[0] & 0xff) != 0xff || (b[1] & 0xff) != 0xd8 || (b[2] & 0xff) != 0xff) {
            return false;
        }
        int stop = Math.max(2, b.length - END_PADDING_ALLOWED - 2);
        for (int i = b.length - 2; i >= stop; i--) {
            if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }
}
