//! Strings of the key tables (`tui::bindings`): context titles for the help page, and the
//! labels of keys that no screen's own strings name.

texts! { K {
    // Context titles: the help page's headings ("what this screen offers").
    CtxGlobal => "任何地方", "Anywhere";
    CtxEditing => "输入文字时", "Typing text";
    CtxRegions => "地区树", "Region tree";
    CtxRegionsFilter => "筛选地区时", "Filtering regions";
    CtxCounty => "县情页", "County page";
    CtxLedger => "台账", "Ledger";
    CtxSearch => "搜索时", "Searching";
    CtxFilterForm => "筛选表单", "Filter form";
    CtxCase => "案件", "Case";
    CtxForm => "表单", "Form";
    CtxCaseForm => "案件表单", "Case form";
    CtxSchoolForm => "学校表单", "School form";
    CtxSchools => "学校名单", "Schools";
    CtxAlliances => "联盟名单", "Alliances";
    CtxAlliance => "联盟", "Alliance";
    CtxIndicators => "优质均衡指标", "Indicators";
    CtxIndicatorDetail => "指标明细", "Indicator details";
    CtxMonthly => "月报", "Monthly report";
    CtxImport => "导入", "Import";
    CtxSaveAs => "导出报表", "Export a report";
    CtxReturn => "退回上报", "Return a submission";
    HintExport => "导出", "Export";
    HintPlace => "县区", "county";
    CtxImportResult => "导入结果", "Import result";
    CtxPicker => "选择列表", "Pick list";
    CtxHelp => "帮助", "Help";
    // Labels.
    Redraw => "重绘屏幕", "redraw";
    Suspend => "挂起（fg 恢复）", "suspend (fg resumes)";
    Interrupt => "立即退出", "quit now";
    Page => "翻页", "page";
    Ends => "到首尾", "first/last";
    PrevField => "上一项", "previous field";
    Mark => "勾选", "mark";
    ClearToStart => "删除光标前的文字", "delete before the caret";
    LineStart => "行首", "start of line";
    LineEnd => "行尾", "end of line";
    // Longer words for the help page.
    AboutRegionFilter => "按名称、代码或拼音首字母（xk 找到逊克县）", "by name, code or pinyin initials (xk finds 逊克县)";
    AboutFacts => "所选县的县情（人口、均衡状态等）", "the selected county's facts (population, balance status...)";
    AboutStep => "劝返、复学、销号等，只列出可以办理的", "visit, return, close...; only the legal steps are offered";
    HintEditor => "编辑器", "editor";
    AboutEditor => "在自己的编辑器（环境变量 VISUAL 或 EDITOR，默认 vi）中编辑光标所在的备注，存盘退出后回到表单，再按 F2 保存", "the note under the cursor in your own editor ($VISUAL or $EDITOR, else vi); save and quit it to come back, then F2 saves the form";
    EditorOnlyNotes => "F4 用于备注栏：先用 Tab 移到备注再按 F4。", "F4 is for notes: move to the note with Tab, then press F4.";
    EditorDone => "已取回编辑器中的备注，按 F2 保存。", "The note is back from the editor; F2 saves it.";
    EditorUnchanged => "编辑器未存盘或未正常退出，备注未改动。", "The editor did not save or did not exit normally; the note is unchanged.";
    EditorFailed => "无法启动编辑器「{}」：{}。请设置环境变量 EDITOR（例如 EDITOR=nano）。", "Could not start the editor \"{}\": {}. Set the EDITOR variable (for example EDITOR=nano).";
    AboutReveal => "显示完整身份证号、学籍号和出生日期（记入审计）", "the full ID numbers, student number and date of birth (written to the audit log)";
    AboutLog => "按当前状态记录一次：送教上门记送教，跟踪巩固、随班就读记月度回访，失学儿童记劝返", "by status: a session (送教上门), a monthly check (跟踪巩固, 随班就读), a visit (out of school)";
    AboutUndo => "撤销自己的上一次修改（记为一次新修改）", "your own last change (recorded as a new change)";
    AboutFormEsc => "撤回本项的修改，再按 Esc 放弃整张表", "undoes the field's edit; a second Esc leaves the form";
    AboutUnmerge => "在“并入”一栏：取消合并", "on the merged-into field: un-merge";
    AboutExplain => "数值的来源", "where the value comes from";
    AboutPlace => "只看一个县区（市直属）的行，再按一次换下一个，最后回到全部（市、省的名单才有）", "shows one county's (or the prefecture's own) rows; again for the next, then all (lists of a prefecture or the province)";
    AboutExport => "把这张报表写成 xlsx 或 CSV 文件（与 taizhang report 写出的相同）", "writes this report to an xlsx or CSV file (the one taizhang report writes)";
    AboutImportEnter => "进目录，或检查文件（不写入）", "opens a folder or checks a file (writes nothing)";
    HelpAbout => "{}：{}", "{}: {}";
    // The help page.
    HelpThisScreen => "本屏：{}", "This screen: {}";
    HelpUsers => "\
权限：按操作系统登录名识别用户。新用户由管理员添加：
  taizhang user add 登录名 --role admin|filler|readonly --scope 地区代码或学校标识码", "\
Users are known by their OS login. An administrator adds them with:
  taizhang user add LOGIN --role admin|filler|readonly --scope REGION-or-SCHOOL-CODE";
}}
