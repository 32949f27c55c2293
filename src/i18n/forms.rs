//! Words of leaving a form and of drafts: the question Esc asks on a form with changes,
//! and the offer of a draft kept from an earlier session.

texts! { F {
    CtxLeave => "离开有修改的表单时", "Leaving a changed form";
    CtxDraftOffer => "有草稿的表单", "Form with a draft";
    CtxConfirm => "确认一步操作", "Confirm a step";
    ConfirmTitle => "确认？", "Confirm?";
    ConfirmYes => "确定执行", "yes, do it";
    ConfirmNo => "取消", "cancel";
    LeaveTitle => "离开表单？", "Leave the form?";
    LeaveText => "这张表单有未保存的修改。", "This form has changes that are not saved.";
    KeepEditing => "继续编辑", "keep editing";
    Discard => "放弃修改", "discard changes";
    KeepDraft => "存为草稿", "save as draft";
    OfferTitle => "恢复草稿？", "Restore the draft?";
    OfferText => "这里有一份 {} 保存的草稿，和已存的内容不同。", "A draft kept at {} differs from what is stored here.";
    Restore => "恢复草稿", "restore draft";
    DropDraft => "丢弃草稿", "discard draft";
    Later => "以后再说", "later";
    DraftKept => "已存为草稿：再在这里打开这张表单时可恢复。", "Saved as a draft: open this form here again to restore it.";
    DraftLater => "草稿仍保留：下次打开这张表单时再问。", "The draft is kept: you will be asked again when you open this form.";
    DraftDropped => "已丢弃草稿。", "The draft is discarded.";
    DraftRestored => "已恢复 {} 保存的草稿。F2 保存，Esc 离开。", "Restored the draft kept at {}. F2 saves, Esc leaves.";
    DraftsWaiting => "有未保存的草稿：{}。到该处打开表单时可恢复。", "Unsaved drafts: {}. Open the form there to restore one.";
    DraftNewCase => "{} 登记新案件", "new case in {}";
    DraftEditCase => "修改案件 #{}", "editing case #{}";
}}
