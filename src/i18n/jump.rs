//! Words of the command line (`:`): jump to a region, school or case, or run a command.

texts! { J {
    CtxLine => "命令行", "Command line";
    HintOpenLine => "命令行：跳转或执行命令", "command line: jump or run";
    AboutLine => "按名称、拼音首字母、代码或案件编号（#12）跳到地区、学校或案件，或按名称执行本屏的命令；Tab 补全",
        "jump to a region, school or case by name, pinyin initials, code or case number (#12), or run this screen's command by name; Tab completes";
    HintGo => "前往", "go";
    Title => "跳转 / 命令", "Jump / command";
    Prompt => "地区、学校、案件（姓名、拼音首字母、代码、#编号）或命令",
        "region, school, case (name, pinyin initials, code, #number) or command";
    KindRegion => "地区", "region";
    KindSchool => "学校", "school";
    KindCase => "案件", "case";
    KindCommand => "命令", "command";
    NoMatch => "没有匹配“{}”的地区、学校、案件或命令（案件只查您管理范围内的）。",
        "Nothing matches '{}': no region, school, case (in your scope) or command.";
}}
