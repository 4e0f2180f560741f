//! The AST's words for vocabularies, effects, roles and comparisons, lowered onto the compiled
//! model's own (the model does not depend on the syntax).

use crate::model;
use crate::syntax::ast;

impl From<ast::Sort> for model::Sort {
    fn from(sort: ast::Sort) -> Self {
        match sort {
            ast::Sort::Category => model::Sort::Category,
            ast::Sort::Subject => model::Sort::Subject,
            ast::Sort::Purpose => model::Sort::Purpose,
            ast::Sort::Kind => model::Sort::Kind,
        }
    }
}

impl From<ast::Effect> for model::Effect {
    fn from(effect: ast::Effect) -> Self {
        match effect {
            ast::Effect::Allow => model::Effect::Allow,
            ast::Effect::Deny => model::Effect::Deny,
            ast::Effect::Review => model::Effect::Review,
            ast::Effect::Require => model::Effect::Require,
        }
    }
}

impl From<ast::Role> for model::Role {
    fn from(role: ast::Role) -> Self {
        match role {
            ast::Role::Sender => model::Role::Sender,
            ast::Role::Recipient => model::Role::Recipient,
        }
    }
}

impl From<ast::Comparison> for model::Comparison {
    fn from(comparison: ast::Comparison) -> Self {
        match comparison {
            ast::Comparison::AtLeast => model::Comparison::AtLeast,
            ast::Comparison::AtMost => model::Comparison::AtMost,
            ast::Comparison::Above => model::Comparison::Above,
            ast::Comparison::Below => model::Comparison::Below,
            ast::Comparison::Is => model::Comparison::Is,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model;
    use crate::syntax::ast;

    /// The compiled form of each word is the AST's, in serde and in words: compiled policies,
    /// their hashes and every message keep reading the same.
    #[test]
    fn each_word_lowers_onto_the_same_word() {
        use ast::Sort as S;
        for sort in [S::Category, S::Subject, S::Purpose, S::Kind] {
            let lowered = model::Sort::from(sort);
            assert_eq!(
                serde_json::to_value(sort).ok(),
                serde_json::to_value(lowered).ok()
            );
            assert_eq!(
                (sort.noun(), sort.keyword()),
                (lowered.noun(), lowered.keyword())
            );
        }
        use ast::Effect as E;
        for effect in [E::Allow, E::Deny, E::Review, E::Require] {
            let lowered = model::Effect::from(effect);
            assert_eq!(
                serde_json::to_value(effect).ok(),
                serde_json::to_value(lowered).ok()
            );
            assert_eq!(effect.keyword(), lowered.keyword());
        }
        for role in [ast::Role::Sender, ast::Role::Recipient] {
            let lowered = model::Role::from(role);
            assert_eq!(
                serde_json::to_value(role).ok(),
                serde_json::to_value(lowered).ok()
            );
            assert_eq!(role.keyword(), lowered.keyword());
        }
        use ast::Comparison as C;
        for comparison in [C::AtLeast, C::AtMost, C::Above, C::Below, C::Is] {
            let lowered = model::Comparison::from(comparison);
            let json = |v: serde_json::Result<serde_json::Value>| v.ok();
            assert_eq!(
                json(serde_json::to_value(comparison)),
                json(serde_json::to_value(lowered))
            );
            assert_eq!(comparison.words(), lowered.words());
        }
    }
}
