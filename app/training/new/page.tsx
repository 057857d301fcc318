import type { Metadata } from 'next';
import Link from 'next/link';
import { ModuleParticularsForm } from '@/components/training-record-forms';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'New training module' };

export default async function NewModulePage() {
  await requirePagePermission('training:manage', '/training/new');
  return (
    <>
      <p>
        <Link href="/training">All training modules</Link>
      </p>
      <h1>New training module</h1>
      <p className="lead">A new module starts as a draft. Nobody owes it until it is published; its page then takes it through review and publication.</p>
      <ModuleParticularsForm />
    </>
  );
}
