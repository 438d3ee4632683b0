#pragma once

#include <QString>

// The state of the OS keychain, told apart as README promise S2 asks. QtKeychain 0.13 cannot do
// this itself: without a Secret Service it reports OtherError (not NoBackendAvailable), and a
// read from a locked collection comes back EntryNotFound. So on Linux we ask the Secret Service
// over D-Bus directly.
enum class KeychainState {
    Available, // ready to read and write
    Locked, // the default collection is locked: the operator must unlock it
    NoSecretService, // no session bus, or nothing owns (or can start) org.freedesktop.secrets
    NoDefaultCollection, // a Secret Service without a default keyring (nowhere to store)
    Unknown, // the Secret Service answered, but not in a way we understand
};

// Linux: asks the session bus whether org.freedesktop.secrets is owned (or activatable), then
// reads the `Locked` property of the default collection (alias "default"). On KDE with KWallet
// running (the backend QtKeychain prefers there) reports Available. Other platforms: Available.
// Synchronous, bounded by short D-Bus timeouts; call it when a keychain operation failed or
// for the Accounts page's status line, not in a loop.
KeychainState probeKeychain();

// What the state means in words, with what to do, e.g. "Install and start a Secret Service
// such as GNOME Keyring or KWallet".
QString explain(KeychainState state);

// Stable identifier ("available", "locked", ...) for the CLI's JSON and logs.
QString keychainStateId(KeychainState state);
