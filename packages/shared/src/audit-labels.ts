import type { TLocalized } from './category';

/**
 * What each audit action means, for people reading the audit log or its CSV export (supervisors, a privacy
 * review). The list of actions itself is the API's AUDIT_ACTIONS (apps/api/src/modules/audit/audit-actions.ts):
 * the API's audit-actions unit test and its type check fail while an action there has no label here, so a new
 * action cannot ship as a raw code.
 */
export const AUDIT_ACTION_LABELS = {
  'audit.export': { ja: '監査ログを書き出した(CSV)', en: 'Exported the audit log (CSV)' },
  'audit.read': { ja: '監査ログを閲覧した', en: 'Viewed the audit log' },
  'auth.login': { ja: 'サインインした', en: 'Signed in' },
  'auth.login_failed': { ja: 'サインインに失敗した', en: 'Failed sign-in' },
  'auth.login_refused_temporary_password_expired': {
    ja: '期限切れの仮パスワードでのサインインを拒否',
    en: 'Sign-in refused: temporary password expired',
  },
  'auth.logout': { ja: 'サインアウトした', en: 'Signed out' },
  'auth.password_ok': {
    ja: 'パスワードを確認した(二段階認証へ)',
    en: 'Password accepted (second step next)',
  },
  'auth.refresh_replayed': {
    ja: '使用済みのセッション更新を検知(セッションを失効)',
    en: 'Reused session refresh detected (sessions revoked)',
  },
  'case.bulk': {
    ja: '一覧から複数の相談をまとめて変更した',
    en: 'Changed several cases at once from the queue',
  },
  'case.categories_confirm': { ja: '相談の種類を確定した', en: 'Confirmed the case categories' },
  'case.contact_add': { ja: '連絡の記録を追加した', en: 'Logged a contact' },
  'case.create': { ja: '相談を登録した', en: 'Created a case' },
  'case.export': { ja: '相談を書き出した(PDF)', en: 'Exported a case (PDF)' },
  'case.identifier_add': { ja: '識別子を追加した', en: 'Added an identifier' },
  'case.identifier_remove': { ja: '識別子を削除した', en: 'Removed an identifier' },
  'case.link_add': { ja: '関連する相談をつないだ', en: 'Linked a related case' },
  'case.link_remove': { ja: '関連する相談とのつながりを外した', en: 'Unlinked a related case' },
  'case.merged': { ja: '重複した相談を統合した', en: 'Merged a duplicate case' },
  'case.note_add': { ja: 'メモを追加した', en: 'Added a note' },
  'case.person_replied': {
    ja: '相談者が状況確認ページから返信した',
    en: 'The person replied from the status page',
  },
  'case.public_message_add': { ja: '相談者へのメッセージを送った', en: 'Sent a message to the person' },
  'case.read': { ja: '相談を閲覧した', en: 'Viewed a case' },
  'case.retention_changed': {
    ja: '相談の保存区分・法的保全を変えた',
    en: "Changed a case's retention class or legal hold",
  },
  'case.review': { ja: 'スーパーバイザーが相談をレビューした', en: 'A supervisor reviewed a case' },
  'case.search': { ja: '相談を検索した', en: 'Searched cases' },
  'case.shred': {
    ja: '相談の個人情報を削除した(統計用の項目は残す)',
    en: "Shredded a case's personal data (statistics fields kept)",
  },
  'case.status_change': { ja: '相談の状態を変えた', en: 'Changed the case status' },
  'case.unmerged': { ja: '相談の統合を取り消した', en: 'Undid a case merge' },
  'case.update': { ja: '相談の内容を変えた', en: 'Updated a case' },
  'desk.identity_changed': {
    ja: '窓口の名称・住所・連絡先を変えた',
    en: "Changed the desk's name, address or contact details",
  },
  'desk.settings_changed': { ja: '窓口の設定を変えた', en: 'Changed the desk settings' },
  'evidence.delete': {
    ja: '証拠ファイルを削除した(理由付き)',
    en: 'Deleted an evidence file (with a reason)',
  },
  'evidence.download': {
    ja: '証拠ファイルを開いた(ダウンロード)',
    en: 'Opened (downloaded) an evidence file',
  },
  'evidence.preview': {
    ja: '証拠画像を表示した(表示用の縮小版)',
    en: 'Looked at an evidence image (its preview copy)',
  },
  'evidence.upload': { ja: '証拠ファイルを受け取った', en: 'Received evidence files' },
  'notification.preferences_changed': { ja: '通知の設定を変えた', en: 'Changed notification settings' },
  'privacy.disclosure_export': {
    ja: '提供記録を書き出した(CSV・PDF)',
    en: 'Exported a disclosure record (CSV or PDF)',
  },
  'privacy.disclosure_read': { ja: '提供記録を閲覧した', en: 'Viewed a disclosure record' },
  'privacy.exposure_read': {
    ja: '閲覧状況の報告(漏えい対応)を作成した',
    en: 'Produced an exposure report (leak response)',
  },
  'privacy.person_data_exported': {
    ja: '相談者が状況確認ページから自分のデータを書き出した(JSON・PDF)',
    en: 'The person downloaded their data from the status page (JSON or PDF)',
  },
  'privacy.person_request_decided': {
    ja: '相談者からの訂正・削除の請求に対応した(対応・お断り)',
    en: "Decided a person's correction or deletion request (completed or refused)",
  },
  'privacy.person_request_received': {
    ja: '相談者から訂正・削除の請求を受け付けた',
    en: 'Received a correction or deletion request from the person',
  },
  'privacy.register_changed': {
    ja: '個人情報ファイル簿を変更した',
    en: 'Changed the personal-information file register',
  },
  'privacy.register_export': {
    ja: '個人情報ファイル簿を書き出した(CSV)',
    en: 'Exported the personal-information file register (CSV)',
  },
  'privacy.register_read': {
    ja: '個人情報ファイル簿を閲覧した',
    en: 'Viewed the personal-information file register',
  },
  'referral.client_copy_generated': {
    ja: '相談者用の控え(PDF)を作成した',
    en: "Generated the person's copy (PDF)",
  },
  'referral.create': { ja: '紹介を作成した', en: 'Created a referral' },
  'referral.follow_ups': { ja: '紹介の確認待ち一覧を閲覧した', en: 'Viewed referral follow-ups' },
  'referral.letter_generated': { ja: '紹介状(PDF)を作成した', en: 'Generated the referral letter (PDF)' },
  'referral.link_emailed': { ja: '窓口用リンクをメールで送った', en: 'E-mailed the partner link' },
  'referral.link_issued': { ja: '窓口用リンクを発行した', en: 'Issued a partner link' },
  'referral.link_reissued': { ja: '窓口用リンクを再発行した', en: 'Reissued a partner link' },
  'referral.link_revoked': { ja: '窓口用リンクを無効にした', en: 'Revoked a partner link' },
  'referral.partner_answered': { ja: '紹介先の窓口が返答した', en: 'The partner window answered' },
  'referral.partner_link_refused': {
    ja: '無効な窓口用リンクでのアクセスを拒否',
    en: 'Refused an invalid partner link',
  },
  'referral.partner_evidence_downloaded': {
    ja: '紹介先の窓口が共有された証拠ファイルをダウンロードした',
    en: 'The partner window downloaded a shared evidence file',
  },
  'referral.partner_link_viewed': {
    ja: '紹介先の窓口がリンクを開いた',
    en: 'The partner window opened the link',
  },
  'referral.register_export': { ja: '紹介台帳を書き出した(CSV)', en: 'Exported the referral register (CSV)' },
  'referral.send': { ja: '紹介を送った', en: 'Sent a referral' },
  'referral.status_change': { ja: '紹介の状態を変えた', en: 'Changed the referral status' },
  'referral.update': { ja: '紹介の内容を変えた', en: 'Updated a referral' },
  'registry.create': { ja: '詐欺情報リストに登録した', en: 'Added a known-scam entry' },
  'registry.delete': { ja: '詐欺情報リストから削除した', en: 'Deleted a known-scam entry' },
  'registry.import': { ja: '詐欺情報リストに一括登録した', en: 'Imported known-scam entries' },
  'registry.update': { ja: '詐欺情報リストの登録を変えた', en: 'Updated a known-scam entry' },
  'retention.run': {
    ja: '保存期間を過ぎた相談の削除を実行した',
    en: 'Ran the retention shredding of cases past their period',
  },
  'security.backoff_cleared': { ja: 'サインイン制限を解除した', en: 'Cleared a sign-in back-off' },
  'security.policy_changed': { ja: 'セキュリティ設定を変えた', en: 'Changed the security policy' },
  'stats.export': { ja: '統計を書き出した(CSV・PDF)', en: 'Exported statistics (CSV or PDF)' },
  'stats.read': { ja: '統計を閲覧した', en: 'Viewed statistics' },
  'template.create': { ja: '定型文を作成した', en: 'Created a message template' },
  'template.update': {
    ja: '定型文を変更した(無効化を含む)',
    en: 'Changed a message template (or deactivated it)',
  },
  'user.activate': { ja: '職員アカウントを有効にした', en: 'Activated a staff account' },
  'user.create': { ja: '職員アカウントを作成した', en: 'Created a staff account' },
  'user.deactivate': { ja: '職員アカウントを無効にした', en: 'Deactivated a staff account' },
  'user.enrolment_code_issued': {
    ja: '二段階認証の登録コードを発行した',
    en: 'Issued a two-factor enrolment code',
  },
  'user.password_changed': { ja: 'パスワードを変えた', en: 'Changed the password' },
  'user.password_reset': { ja: 'パスワードをリセットした', en: 'Reset a password' },
  'user.recovery_codes_regenerated': { ja: '回復コードを作り直した', en: 'Regenerated recovery codes' },
  'user.totp_disabled': { ja: '二段階認証を解除した', en: 'Turned off two-factor sign-in' },
  'user.totp_enabled': { ja: '二段階認証を設定した', en: 'Turned on two-factor sign-in' },
  'user.totp_enrolment_code_wrong': {
    ja: '二段階認証の登録で誤ったコード',
    en: 'Wrong code during two-factor enrolment',
  },
  'user.totp_enrolment_started': { ja: '二段階認証の登録を始めた', en: 'Started two-factor enrolment' },
  'user.update': { ja: '職員アカウントを変えた', en: 'Updated a staff account' },
  'window.update': { ja: '紹介先の窓口の情報を変えた', en: 'Updated a referral window' },
} as const satisfies Record<string, TLocalized>;

export type TLabelledAuditAction = keyof typeof AUDIT_ACTION_LABELS;

/** The label of an action code; a code without one (a row written by an older version) reads as itself. */
export function auditActionLabel(action: string): TLocalized {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action)
    ? AUDIT_ACTION_LABELS[action as TLabelledAuditAction]
    : { ja: action, en: action };
}
