//! A string that must never be shown: a password, a bearer token or a gift card code on the wire.

use std::fmt;

use zeroize::Zeroizing;

/// Text that is a secret: its `Debug` is redacted, it has no `Display`, and its memory is
/// wiped when it is dropped.
///
/// It serialises as a plain JSON string, because it has to cross the wire, but it is never
/// put in anything that persists (preferences, logs).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// Wraps a secret.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Zeroizing::new(text.into()))
    }

    /// The secret itself; call it only where the secret is really needed.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretText {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for SecretText {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

impl serde::Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SecretText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// On the wire a secret is a plain string.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for SecretText {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for SecretText {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = SecretText::new("hunter2-canary");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2-canary");
    }

    #[test]
    fn secret_crosses_the_wire_as_a_plain_string() -> Result<(), serde_json::Error> {
        let json = serde_json::to_string(&SecretText::new("abc"))?;
        assert_eq!(json, r#""abc""#);
        let back: SecretText = serde_json::from_str(&json)?;
        assert_eq!(back.expose(), "abc");
        Ok(())
    }
}
