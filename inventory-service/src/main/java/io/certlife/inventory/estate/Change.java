package io.certlife.inventory.estate;

/** What a write did to the estate. */
public enum Change { CREATED, UPDATED, UNCHANGED, DELETED }
