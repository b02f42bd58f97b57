/**
 * The demo's simulated fleet: cabinet, separator, waste-bin and camera models that publish over MQTT with Paho (with
 * their own logins and Last Will) exactly as real devices do, including scripted faults.
 */
package io.kitchenwatch.simulator;
