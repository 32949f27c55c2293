//! `taizhang report sessions --region CODE [--school CODE] --month YYYY-MM [--json]`: a
//! month's 送教上门 sessions counted per teacher (children, sessions, hours).

use super::region::PlaceArg;
use super::Failure;
use crate::db::Db;
use crate::domain::follow_up::{per_teacher, TeacherTotal};
use crate::i18n::fill;
use crate::i18n::follow_up::F;
use crate::text::{fit, fit_right, width};

pub fn sessions(db: &Db, place: &PlaceArg, month: &str, json: bool) -> Result<String, Failure> {
    let (region, place) = place.resolve(db)?;
    let month = super::month::month_arg(month)?;
    let logged = crate::db::follow_up::sessions(db, &place, month).map_err(|e| super::report::report_failure(db, e))?;
    let (teachers, total) = per_teacher(&logged);
    if json {
        let row = |t: &TeacherTotal| {
            serde_json::json!({
                "teacher": t.teacher, "children": t.children, "sessions": t.sessions, "hours": t.hours.as_f64(),
            })
        };
        let out = serde_json::json!({
            "region": region.code,
            "school_id": place.school,
            "month": month.to_string(),
            "teachers": teachers.iter().map(row).collect::<Vec<_>>(),
            "total": { "children": total.children, "sessions": total.sessions, "hours": total.hours.as_f64() },
        });
        return Ok(out.to_string());
    }
    let title = fill(
        F::SessionsTitle.s(),
        &[&region.name, &month, &teachers.len(), &total.children, &total.sessions, &total.hours],
    );
    let mut out = vec![super::demo_titled(db, title)];
    if teachers.is_empty() {
        out.push(F::SessionsNone.s().to_string());
        return Ok(out.join("\n"));
    }
    let name = |t: &TeacherTotal| if t.teacher.is_empty() { F::NoTeacher.s().to_string() } else { t.teacher.clone() };
    let head: Vec<&str> = F::SessionsHead.s().split('\t').collect();
    let name_cols = teachers.iter().map(|t| width(&name(t))).chain(head.first().map(|h| width(h))).max().unwrap_or(8);
    let line = |cells: [String; 4]| {
        let [n, c, s, h] = cells;
        format!("{}  {}  {}  {}", fit(&n, name_cols), fit_right(&c, 8), fit_right(&s, 8), fit_right(&h, 8))
    };
    let cell = |i: usize| head.get(i).copied().unwrap_or("").to_string();
    out.push(line([cell(0), cell(1), cell(2), cell(3)]));
    for t in &teachers {
        out.push(line([name(t), t.children.to_string(), t.sessions.to_string(), t.hours.to_string()]));
    }
    Ok(out.join("\n"))
}
