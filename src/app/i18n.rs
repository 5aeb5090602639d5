//! UI language: Chinese by default, English on request.
//!
//! Strings live next to their use as `(中文, English)` pairs picked with
//! [`Lang::pick`]; this module owns only the choice and the few labels shared
//! by several panels. It must not hold domain text (department names, items).

use crate::checklist::Status;
use crate::model::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The string for this language.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A status's label: the model's, so the UI, the exports and the
    /// 反馈表 name it alike.
    pub fn status(self, s: Status) -> &'static str {
        self.pick(s.label_zh(), s.label_en())
    }

    pub fn role(self, r: Role) -> &'static str {
        match r {
            Role::Lead => self.pick("牵头", "Lead"),
            Role::Support => self.pick("配合", "Support"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default().pick("打开", "Open"), "打开");
        assert_eq!(Lang::En.pick("打开", "Open"), "Open");
        assert_eq!(Lang::Zh.role(Role::Support), "配合");
    }
}
