/**
 * Certificates for compliant disinfection batches: the line camera's frames kept while a batch runs
 * ({@code LineFrames}), the evidence signed with the node's Ed25519 key and stored ({@code CertificateIssuer}),
 * checked again against the store whenever it is shown ({@code CertificateVerifier}), and the public pages a
 * certificate's QR code opens ({@code VerifyPages}).
 */
package io.kitchenwatch.dashboards.certificates;
