//! The 督办通报 and its chart. (Placeholder until the renderer lands.)

pub struct Summary {
    pub title: String,
    pub today: chrono::NaiveDate,
    pub yellow_days: u32,
    pub departments: Vec<DepartmentSummary>,
}
pub struct DepartmentSummary {
    pub name: String,
    pub total: usize,
    pub done: usize,
    pub on_time: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub overdue_tasks: Vec<OverdueTask>,
}
pub struct OverdueTask {
    pub id: String,
    pub text: String,
    pub document: String,
    pub due: chrono::NaiveDate,
    pub days_overdue: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("not yet")]
    NotYet,
}
pub fn chart_png(_s: &Summary, _w: u32, _h: u32) -> Result<Vec<u8>, ReportError> {
    Err(ReportError::NotYet)
}
pub fn report_docx(_s: &Summary) -> Result<Vec<u8>, ReportError> {
    Err(ReportError::NotYet)
}
pub fn report_xlsx(_s: &Summary) -> Result<Vec<u8>, ReportError> {
    Err(ReportError::NotYet)
}
