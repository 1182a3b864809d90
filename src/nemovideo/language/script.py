"""Traditional Chinese characters read as simplified ones, one character for one, so one word list reads both.

Users in Taiwan and Hong Kong write 標題, 影片, 音樂; the word lists are written in simplified
characters (标题, 视频, 音乐). Folding is one character for one, so a position in the folded text is the
same position in the original: patterns run on the folded text, and the user's own characters are
cut out of the original (a title 《花開的城市》 stays as written).

Only characters whose simplified form is the same in every reading are listed (著, 乾 and 藉 are not:
著名 keeps 著, 乾隆 keeps 乾).
"""

from __future__ import annotations

from functools import cache

# Traditional and simplified forms, in pairs, grouped loosely by the part that was simplified.
_PAIRS = (
    # 言 -> 讠
    "計计訂订訊讯記记討讨訓训託托設设訪访許许訴诉診诊詞词詢询試试詩诗話话該该詳详誇夸誌志認认誕诞語语"
    "誠诚誤误說说誰谁課课調调談谈請请諒谅論论諸诸諾诺謀谋謂谓謊谎講讲謝谢謠谣謹谨證证識识譜谱譯译議议"
    "護护譽誉讀读變变讓让讚赞詮诠誦诵謙谦謬谬譏讥評评該该詭诡誼谊諮谘謎谜"
    # 金 -> 钅
    "針针釘钉釣钓鈕钮鈴铃鉛铅銀银銅铜銷销鋒锋鋪铺鋼钢錄录錢钱錦锦錯错錶表鍋锅鍵键鍾钟鎖锁鎮镇鏈链鏡镜"
    "鐘钟鐵铁鑰钥鑽钻鈔钞鉤钩銳锐鍛锻鏟铲鑄铸"
    # 門 -> 门
    "門门閃闪閉闭開开閒闲間间閣阁閱阅闆板闊阔關关闖闯聞闻問问悶闷閘闸閩闽闡阐"
    # 食 -> 饣
    "飯饭飲饮飼饲飽饱飾饰餅饼養养餘余館馆餓饿饅馒餵喂"
    # 糸 -> 纟
    "紀纪約约紅红紋纹納纳紐纽純纯紗纱紙纸級级紛纷紮扎細细紹绍終终組组結结絕绝絡络給给絨绒統统絲丝經经"
    "綁绑綜综綠绿維维網网綴缀綿绵緊紧緒绪線线緣缘編编緩缓練练緻致縣县縫缝縮缩縱纵總总績绩織织繞绕繩绳"
    "繪绘繫系繼继續续纏缠糾纠紡纺綱纲"
    # 貝 -> 贝
    "貝贝負负財财貢贡貨货販贩貪贪貫贯責责貴贵費费貼贴買买貸贷賀贺資资賓宾賞赏賠赔賣卖賤贱質质賴赖賺赚"
    "購购賽赛贈赠贊赞贏赢賬账賦赋"
    # 車 -> 车
    "車车軌轨軍军軟软軸轴較较載载輔辅輕轻輛辆輝辉輪轮輯辑輸输轉转轟轰"
    # 見, 頁, 馬, 魚, 鳥
    "見见規规視视親亲覺觉覽览觀观頁页頂顶項项順顺須须預预頓顿頒颁領领頭头頻频顆颗題题額额顏颜願愿類类"
    "顧顾顯显頌颂頗颇頸颈馬马駕驾駛驶駐驻騎骑騰腾驅驱驕骄驗验驚惊魚鱼魯鲁鮮鲜鯨鲸鳥鸟鳴鸣鴨鸭鴻鸿鵝鹅"
    "鶴鹤雞鸡"
    # 亻, 冫, 刂, 力, 十, 厂, 口, 囗, 土
    "來来們们個个倆俩倉仓偵侦側侧傑杰傘伞備备傳传債债傷伤傾倾僅仅價价儀仪億亿儉俭優优償偿儲储兒儿內内"
    "兩两冊册凍冻凱凯則则剛刚剝剥創创劃划劇剧劉刘劍剑刪删勁劲動动務务勝胜勞劳勢势勵励勸劝區区協协卻却"
    "參参叢丛吳吴員员啟启啓启喚唤喬乔單单嗎吗嘆叹嘗尝噴喷嚴严囉啰園园圓圆圖图團团國国圍围執执堅坚報报"
    "場场塊块塗涂塵尘墊垫壓压壞坏壯壮壺壶壽寿夢梦夠够夥伙夾夹奪夺奮奋妝妆婦妇媽妈孫孙學学"
    # 宀, 寸, 尸, 山, 巾, 广, 弓, 彳, 心, 戈, 手
    "寧宁寫写寬宽實实審审寶宝寵宠將将專专尋寻對对導导層层屆届屬属島岛峽峡嶺岭帥帅師师帳帐帶带幫帮幣币"
    "幹干幾几庫库廣广廳厅廠厂張张強强彈弹彎弯後后徑径從从復复徵征恆恒惡恶愛爱態态慶庆憂忧憶忆應应懷怀"
    "懶懒戀恋戶户戲戏戰战捲卷拋抛捨舍掛挂採采換换損损搖摇搶抢撐撑撥拨撫抚擁拥擇择擊击擋挡擔担據据擠挤"
    "擬拟擴扩擺摆擾扰攝摄攜携攤摊掃扫揮挥揚扬"
    # 攴, 斤, 日, 木, 欠, 止, 歹, 殳, 气, 水, 火
    "敗败敘叙敵敌數数斂敛斷断於于時时晉晋晝昼暈晕暢畅暫暂曉晓曬晒會会東东條条棄弃棟栋楊杨業业極极榮荣"
    "構构槍枪樂乐樓楼標标樣样樸朴樹树橋桥機机橫横檔档檢检檯台檸柠櫃柜櫻樱權权欄栏歐欧歡欢歲岁歷历曆历"
    "歸归殘残殼壳毀毁氣气決决沒没沖冲況况涼凉淚泪淨净淺浅減减測测湊凑湯汤溝沟溫温滅灭滯滞滲渗滾滚滿满"
    "漁渔漢汉漲涨漸渐潔洁潛潜潤润澀涩澤泽濃浓濕湿溼湿濟济濤涛濾滤瀏浏灑洒灘滩灣湾災灾為为爲为烏乌無无"
    "煉炼煙烟煩烦燈灯燒烧燙烫營营燦灿燭烛爐炉爛烂"
    # 爪, 牛, 犬, 玉, 生, 田, 疒, 癶, 皿, 目, 石, 示, 禾, 穴, 立, 竹, 米
    "爭争爺爷牆墙牽牵犧牺狀状狹狭猶犹獎奖獨独獲获獵猎獸兽獻献現现環环瓊琼產产畢毕畫画異异當当療疗癒愈"
    "發发皺皱盃杯盜盗盞盏盡尽監监盤盘盧卢眾众衆众睜睁碼码確确礙碍礦矿禮礼禱祷種种稱称穩稳積积窩窝窮穷"
    "竊窃競竞筆笔範范築筑簡简簾帘籃篮籌筹籤签簽签籠笼類类糧粮粵粤"
    # 网, 羊, 羽, 耳, 肉, 臣, 臼, 舟, 色, 艸, 虍, 虫, 行, 衣
    "罰罚罷罢羅罗義义習习羣群聖圣聯联聰聪聲声聽听職职肅肃脅胁脈脉脫脱腦脑腫肿膚肤膠胶膽胆臉脸臘腊臟脏"
    "髒脏臨临興兴舉举舊旧艙舱艦舰艱艰艷艳藝艺節节華华莊庄萬万葉叶蒼苍蓋盖蓮莲蔥葱蕭萧薦荐薩萨薑姜藍蓝"
    "藥药蘆芦蘇苏蘋苹蘭兰處处虛虚號号虧亏蝦虾螢萤蟲虫蠟蜡蠶蚕術术衛卫衝冲補补裝装裡里裏里製制複复褲裤"
    "襪袜襯衬觸触"
    # 豆, 豕, 豸, 走, 足, 辛, 辰, 辵, 邑, 酉, 釆, 長, 阜, 隹, 雨, 青, 韋, 音, 風, 飛, 髟, 鬥, 鹵, 鹿, 麥, 黃, 齊, 龍
    "豎竖豐丰豬猪貓猫趕赶趙赵趨趋跡迹踐践蹤踪躍跃辦办辭辞農农這这連连週周進进遊游運运過过達达違违遙遥"
    "遞递遠远適适遲迟遷迁選选遺遗邁迈還还邊边郵邮鄉乡鄰邻醫医醬酱釋释長长陣阵陰阴陳陈陸陆陽阳隊队階阶"
    "際际隨随險险隱隐隻只雖虽雙双雜杂離离難难雲云電电霧雾靈灵靜静韓韩響响風风颱台飄飘飛飞鬆松鬍胡鬥斗"
    "鬧闹鹽盐麗丽麥麦麵面麼么麽么黃黄點点黨党齊齐齒齿齡龄龍龙龜龟體体佈布妳你牠它纔才滙汇匯汇彙汇臺台"
    "廁厕廢废徹彻恥耻悅悦惱恼慣惯慮虑憐怜憑凭憤愤懇恳懼惧"
    "綫线別别幀帧書书併并準准與与"
)


@cache
def _table() -> dict[int, str]:
    """The folding table, built on first use."""
    pairs = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
    return {ord(traditional): simple for traditional, simple in pairs.items() if traditional != simple}


def simplified(text: str) -> str:
    """The text with traditional characters folded to simplified ones; the same length, position for position."""
    return text.translate(_table())


# Characters written the same in traditional text, though a variant folds to them (杯 besides 盃, 表 besides 錶,
# 面 besides 麵): they are never turned back.
_STANDARD_IN_BOTH = "表杯它你才布周游喂面只胡松斗志托扎板姜制范系"


@cache
def _unfolding() -> dict[int, str]:
    """Simplified characters back to their traditional form, where exactly one traditional form folds to them."""
    sources: dict[str, set[str]] = {}
    for traditional, simple in ((chr(k), v) for k, v in _table().items()):
        sources.setdefault(simple, set()).add(traditional)
    return {ord(simple): next(iter(found)) for simple, found in sources.items()
            if len(found) == 1 and simple not in _STANDARD_IN_BOTH}


def traditional(text: str) -> str:
    """Simplified text in traditional characters where that is unambiguous (钟 stays: 鐘 and 鍾 both fold to it);
    for the project's own words shown to a user who writes 繁體 (值得专程前往 -> 值得專程前往)."""
    return text.translate(_unfolding())
