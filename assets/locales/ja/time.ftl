# 経過時間と待ち時間：「5分前に更新」「12分後にもう一度お試しください」。
# 日本語に単数・複数の区別はありません。

time-just-now = たった今
time-minutes-ago = { $count }分前
time-hours-ago = { $count }時間前
time-days-ago = { $count }日前
time-seconds = { $count }秒
time-minutes = { $count }分
time-hours = { $count }時間
time-hours-minutes = { $hours }時間{ $minutes }分
