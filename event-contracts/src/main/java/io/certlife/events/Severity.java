package io.certlife.events;

/** How much a policy finding or a plan's drift item matters: INFO is a safe fix, WARNING needs a look, ERROR is a fault. */
public enum Severity { INFO, WARNING, ERROR }
