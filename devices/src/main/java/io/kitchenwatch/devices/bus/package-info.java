/**
 * The contracts the stages talk over: event-bus addresses ({@link io.kitchenwatch.devices.bus.BusAddresses}), the
 * message records they carry, and the codec that delivers them in-process without encoding.
 */
package io.kitchenwatch.devices.bus;
